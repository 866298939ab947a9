using StackExchange.Redis;

namespace Moderation.Server.Storage;

/// <summary>
/// Claims queue entries for one moderator on the site's consumer group. A lease is a delivery whose idle time
/// is below <c>maxLeaseMs</c>: a claim for a shorter lease back-dates the delivery so that it turns idle enough
/// exactly when its lease ends. Expired and released entries are taken first, then entries never delivered.
/// </summary>
internal static class ClaimScript
{
    public static readonly LuaScript Claim = LuaScript.Prepare("""
        local t = redis.call('TIME')
        local nowMs = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local want = tonumber(@count)
        local ids, comments = {}, {}
        local function take(entries)
          for _, e in ipairs(entries) do
            if e[2] then
              table.insert(ids, e[1])
              table.insert(comments, e[2][2])
            end
          end
        end
        local start = '0-0'
        for _ = 1, 10 do
          local r = redis.call('XAUTOCLAIM', @queue, @group, @consumer, @maxLeaseMs, start, 'COUNT', want - #ids)
          take(r[2])
          for _, gone in ipairs(r[3] or {}) do redis.call('XACK', @queue, @group, gone) end
          start = r[1]
          if start == '0-0' or #ids >= want then break end
        end
        if #ids < want then
          local r = redis.call('XREADGROUP', 'GROUP', @group, @consumer, 'COUNT', want - #ids, 'STREAMS', @queue, '>')
          if r then take(r[1][2]) end
        end
        if #ids > 0 then
          local claim = {'XCLAIM', @queue, @group, @consumer, '0'}
          for _, id in ipairs(ids) do table.insert(claim, id) end
          table.insert(claim, 'TIME')
          table.insert(claim, tostring(nowMs + tonumber(@leaseMs) - tonumber(@maxLeaseMs)))
          table.insert(claim, 'JUSTID')
          redis.call(unpack(claim))
          for i = 1, #comments do
            redis.call('PUBLISH', @events, 'claimed|' .. comments[i] .. '|' .. @status .. '|' .. tostring(nowMs) .. '|' .. @consumer)
          end
        end
        local out = {tostring(nowMs + tonumber(@leaseMs))}
        for i = 1, #ids do
          table.insert(out, ids[i])
          table.insert(out, comments[i])
        end
        return out
        """);

    /// <summary>Gives entries the moderator holds back to the queue by making them look expired.</summary>
    public static readonly LuaScript Release = LuaScript.Prepare("""
        local t = redis.call('TIME')
        local expiredAt = tostring(tonumber(t[1]) * 1000 - tonumber(@maxLeaseMs))
        local released = 0
        for _, entry in ipairs(cjson.decode(@entries)) do
          local qid = entry[1]
          local p = redis.call('XPENDING', @queue, @group, qid, qid, 1)
          if #p > 0 and p[1][2] == @consumer and p[1][3] < tonumber(@maxLeaseMs) then
            redis.call('XCLAIM', @queue, @group, @consumer, '0', qid, 'TIME', expiredAt, 'JUSTID')
            released = released + 1
            redis.call('PUBLISH', @events, 'released|' .. entry[2] .. '|' .. @status .. '|' .. t[1] .. '000|' .. @consumer)
          end
        end
        return released
        """);

    public sealed class ClaimArgs
    {
        public RedisKey queue { get; init; }
        public string group { get; init; } = RedisKeys.ModeratorsGroup;
        public string consumer { get; init; } = "";
        public int count { get; init; }
        public long maxLeaseMs { get; init; }
        public long leaseMs { get; init; }
        public string status { get; init; } = "";
        public string events { get; init; } = "";
    }

    public sealed class ReleaseArgs
    {
        public RedisKey queue { get; init; }
        public string group { get; init; } = RedisKeys.ModeratorsGroup;
        public string consumer { get; init; } = "";
        public string entries { get; init; } = "[]";
        public string status { get; init; } = "";
        public string events { get; init; } = "";
        public long maxLeaseMs { get; init; }
    }
}
