namespace Moderation.Server.Storage;

/// <summary>
/// Lua shared by the scripts that put a comment in a status index. The score is the decision's stream id
/// ("ms-seq") as one number, ms × 1000 + seq, so pages are stable; <see cref="ModerationStore.PageAsync"/>
/// reads it back that way. The second value says whether this is the first decision of its millisecond.
/// </summary>
internal static class StatusIndexLua
{
    public const string ScoreFunction = """
        local function indexScore(cur)
          local dash = string.find(cur, '-', 1, true)
          local seq = string.sub(cur, dash + 1)
          if #seq > 3 then seq = '999' else seq = string.rep('0', 3 - #seq) .. seq end
          return string.sub(cur, 1, dash - 1) .. seq, seq == '000'
        end

        """;
}
