using StackExchange.Redis;

namespace Moderation.Server.Storage;

/// <summary>
/// One status change of a stored comment, atomically: the check that nobody changed or claimed it since the
/// caller read it, leaving its queue, moving its index entry, the decision event, the audit entry, the labeled
/// example and the author's reputation.
/// </summary>
internal static class DecideScript
{
    public const int Decided = 0;
    public const int Missing = 1;
    public const int Stale = 2;
    public const int StatusConflict = 3;
    public const int ClaimedByOther = 4;
    public const int Unchanged = 5;

    // A claim is a consumer-group delivery whose idle time is below the maximum lease (see ClaimScript).
    public static readonly LuaScript Script = LuaScript.Prepare(StatusIndexLua.ScoreFunction + """
        local r = redis.call('HMGET', @record, 'st', 'cur', 'q', 'sub', 'h')
        if not r[1] then return {1} end
        if r[2] ~= @expectedCur then return {2} end
        local st = r[1]
        if @expectedStatus ~= '0' and st ~= @expectedStatus then return {3, st} end
        local qid = r[3] or ''
        local queue = @pendingQueue
        if st == '3' then queue = @spamQueue end
        if qid ~= '' and @ignoreClaims ~= '1' then
          local p = redis.call('XPENDING', queue, @group, qid, qid, 1)
          if #p > 0 and p[1][2] ~= @actor and p[1][3] < tonumber(@maxLeaseMs) then return {4, p[1][2]} end
        end
        -- A discarded comment kept only its ids: there is nothing to learn from.
        local function recordExample()
          if @label ~= '' and r[4] and st ~= '4' then
            redis.call('XADD', @examples, 'MAXLEN', '~', @examplesMax, '*', 'c', @commentId, 'l', @label, 'by', @actor, 't', @now, 'sub', r[4])
            redis.call('XTRIM', @examples, 'MINID', @examplesMinId)
          end
        end
        if st == @newStatus then
          -- Same status, but a report or decision still teaches the filter what this comment is.
          recordExample()
          return {5, st}
        end
        local indexes = {@approvedIndex, @pendingIndex, @spamIndex, @discardedIndex, @rejectedIndex}
        local now = @now
        if qid ~= '' then
          redis.call('XACK', queue, @group, qid)
          redis.call('XDEL', queue, qid)
        end
        local newQid = ''
        if @newStatus == '3' then
          newQid = redis.call('XADD', @spamQueue, 'MINID', @spamMinId, '*', 'c', @commentId)
        end
        local cur = redis.call('XADD', @decisions, 'MINID', @decisionsMinId, '*',
          'c', @commentId, 'h', @hostCommentId, 'from', st, 's', @newStatus, 'by', @actor, 't', now)
        redis.call('HSET', @record, 'st', @newStatus, 'cur', cur, 'q', newQid, 'h', (r[5] or '') .. @historyEntry)
        redis.call('PEXPIRE', @record, @ttlMs)

        redis.call('ZREM', indexes[tonumber(st)], @commentId)
        local index = indexes[tonumber(@newStatus)]
        redis.call('ZADD', index, (indexScore(cur)), @commentId)
        redis.call('ZREMRANGEBYSCORE', index, '-inf', '(' .. ((tonumber(now) - tonumber(@ttlMs)) * 1000))
        redis.call('PEXPIRE', index, @ttlMs)

        recordExample()
        if @hasAuthor == '1' then
          if @newStatus == '3' then
            redis.call('HSET', @author, 'approved', '0')
            redis.call('HINCRBY', @author, 'spam', '1')
          elseif @newStatus == '1' then
            redis.call('HINCRBY', @author, 'approved', '1')
          end
          redis.call('PEXPIRE', @author, @reputationMs)
        end
        if @newStatus == '3' then
          redis.call('HINCRBY', @ipReputation, 'spam', '1')
          redis.call('PEXPIRE', @ipReputation, @reputationMs)
          if @hasUrl == '1' then
            redis.call('HINCRBY', @urlReputation, 'spam', '1')
            redis.call('PEXPIRE', @urlReputation, @reputationMs)
          end
        end
        if redis.call('HINCRBY', @stats, @statsField, '1') == 1 then redis.call('EXPIRE', @stats, @statsTtlSeconds) end
        redis.call('PUBLISH', @events, 'decided|' .. @commentId .. '|' .. @newStatus .. '|' .. now .. '|' .. @actor)
        return {0, cur, st}
        """);

    /// <summary>The script's parameters; names match the <c>@</c> variables above.</summary>
    public sealed class Args
    {
        public RedisKey record { get; init; }
        public RedisKey pendingQueue { get; init; }
        public RedisKey spamQueue { get; init; }
        public RedisKey approvedIndex { get; init; }
        public RedisKey pendingIndex { get; init; }
        public RedisKey spamIndex { get; init; }
        public RedisKey discardedIndex { get; init; }
        public RedisKey rejectedIndex { get; init; }
        public RedisKey decisions { get; init; }
        public RedisKey examples { get; init; }
        public RedisKey author { get; init; }
        public RedisKey ipReputation { get; init; }
        public RedisKey urlReputation { get; init; }
        public RedisKey stats { get; init; }
        public string expectedCur { get; init; } = "";
        public string expectedStatus { get; init; } = "0";
        public string newStatus { get; init; } = "";
        public string actor { get; init; } = "";
        public string ignoreClaims { get; init; } = "0";
        public string group { get; init; } = RedisKeys.ModeratorsGroup;
        public long maxLeaseMs { get; init; }
        public string commentId { get; init; } = "";
        public string hostCommentId { get; init; } = "";
        public long now { get; init; }
        public long ttlMs { get; init; }
        public byte[] historyEntry { get; init; } = [];
        public string label { get; init; } = "";
        public int examplesMax { get; init; }
        public string hasAuthor { get; init; } = "0";
        public string hasUrl { get; init; } = "0";
        public long reputationMs { get; init; }
        public string spamMinId { get; init; } = "0";
        public string decisionsMinId { get; init; } = "0";
        public string examplesMinId { get; init; } = "0";
        public string statsField { get; init; } = "";
        public long statsTtlSeconds { get; init; }
        public string events { get; init; } = "";
    }
}
