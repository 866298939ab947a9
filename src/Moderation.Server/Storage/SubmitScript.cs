namespace Moderation.Server.Storage;

/// <summary>
/// The one round trip of a submission: idempotency on the host's comment id, duplicate, flood and rate checks,
/// the author's standing, the count of copies of the text (campaigns), then the record, its queue entry, the
/// decision event and the counters, atomically. The caller decided the verdict for a new and for a known author,
/// in and out of a campaign; the script picks by the author's standing and the count.
/// </summary>
internal static class SubmitScript
{
    public const int Stored = 0;
    public const int Replayed = 1;
    public const int Duplicate = 2;
    public const int Flood = 3;
    public const int RateLimited = 4;
    public const int IdConflict = 5;

    // Checks that also claim (SET NX, INCR) count every accepted attempt; a retry of a stored comment is
    // answered by the idempotency read first, so it never trips the flood or duplicate check.
    // Numbers go to redis.call as the strings they arrived as: Redis formats Lua numbers with printf,
    // which showed up at ~5% of its CPU. An assessment for a known author that is the same as for a new one
    // arrives empty, so the usual submission sends each distinct assessment once; and the rule hits all of them
    // start with arrive once, as a head the chosen assessment's tail is appended to (they parse as one message).
    // A stored comment's answer says which assessment it got: 0 for a new author, 1 for a known one, 2 and 3 the
    // same for a repeated text.
    public static readonly HashedScript Script = new(StatusIndexLua.ScoreFunction + """
        local prev = redis.call('HMGET', @record, 'fp', 'a', 'cur')
        if prev[1] then
          if prev[1] ~= @fingerprint then return {5} end
          return {1, prev[2], prev[3] or ''}
        end
        local dry = @dryRun == '1'
        local hasEmail = @hasEmail == '1'
        local floodMs = @floodMs
        if floodMs ~= '0' then
          if dry then
            if redis.call('EXISTS', @floodIp) == 1 then return {3, 'author_ip'} end
            if hasEmail and redis.call('EXISTS', @floodEmail) == 1 then return {3, 'author_email'} end
          else
            if not redis.call('SET', @floodIp, '1', 'PX', floodMs, 'NX') then return {3, 'author_ip'} end
            if hasEmail and not redis.call('SET', @floodEmail, '1', 'PX', floodMs, 'NX') then return {3, 'author_email'} end
          end
        end
        local maxPerMinute = tonumber(@maxPerMinute)
        if maxPerMinute > 0 then
          local n
          if dry then
            n = tonumber(redis.call('GET', @rateIp) or '0') + 1
          else
            n = redis.call('INCR', @rateIp)
            if n == 1 then redis.call('PEXPIRE', @rateIp, '60000') end
          end
          if n > maxPerMinute then return {4} end
        end
        local trustAfter = tonumber(@trustAfter)
        local known = trustAfter > 0 and hasEmail
          and tonumber(redis.call('HGET', @author, 'approved') or '0') >= trustAfter
        local verdict, assessment, variant = @verdictNew, @assessmentNew, 0
        if known then
          verdict, variant = @verdictKnown, 1
          if @assessmentKnown ~= '' then assessment = @assessmentKnown end
        end
        -- Copies of this text in the current and the previous campaign window, this one included.
        local signature = @campaignSignature
        if signature ~= '' then
          local copies = tonumber(redis.call('HGET', @campaignPrevious, signature) or '0')
          if dry then
            copies = copies + tonumber(redis.call('HGET', @campaignCurrent, signature) or '0') + 1
          else
            local inWindow = redis.call('HINCRBY', @campaignCurrent, signature, '1')
            -- Whoever creates the window's key adds a new signature to it, so it gets its expiry here, once.
            if inWindow == 1 then redis.call('PEXPIRE', @campaignCurrent, @campaignTtlMs, 'NX') end
            copies = copies + inWindow
          end
          if copies >= tonumber(@campaignMinRepeats) then
            verdict, assessment, variant = @campaignVerdictNew, @campaignAssessmentNew, 2
            if known then
              verdict, variant = @campaignVerdictKnown, 3
              if @campaignAssessmentKnown ~= '' then assessment = @campaignAssessmentKnown end
            end
          end
        end

        local now = @now
        local ttl = @retentionMs
        if verdict == '3' then ttl = @spamRetentionMs elseif verdict == '4' then ttl = @discardRetentionMs end
        if dry then
          if verdict ~= '4' and redis.call('EXISTS', @duplicate) == 1 then return {2} end
          return {0, variant, ''}
        end
        if verdict ~= '4' and not redis.call('SET', @duplicate, @commentId, 'PX', ttl, 'NX') then return {2} end

        local cur = redis.call('XADD', @decisions, 'MINID', @decisionsMinId, '*',
          'c', @commentId, 'h', @hostCommentId, 'from', '0', 's', verdict, 'by', 'system', 't', now)
        local submission = @submission
        if verdict == '4' then submission = @submissionSummary end
        local qid = ''
        if verdict == '1' and hasEmail then
          redis.call('HINCRBY', @author, 'approved', '1')
          redis.call('PEXPIRE', @author, @authorRetentionMs)
        elseif verdict == '2' then
          qid = redis.call('XADD', @pendingQueue, 'MINID', @pendingMinId, '*', 'c', @commentId)
        elseif verdict == '3' then
          qid = redis.call('XADD', @spamQueue, 'MINID', @spamMinId, '*', 'c', @commentId)
        end
        redis.call('HSET', @record, 'fp', @fingerprint, 'st', verdict, 'a', @assessmentHead .. assessment, 'cur', cur, 't', now, 'sub', submission, 'q', qid)
        redis.call('PEXPIRE', @record, ttl)
        local index = @approvedIndex
        if verdict == '2' then index = @pendingIndex elseif verdict == '3' then index = @spamIndex elseif verdict == '4' then index = @discardedIndex end
        local score, firstInMillisecond = indexScore(cur)
        redis.call('ZADD', index, score, @commentId)
        -- Trimming and refreshing the index's expiry once per millisecond per site is enough, and cheaper; a later
        -- comment of the millisecond may still be the one that creates this status's index, so it sees to an expiry.
        if firstInMillisecond then
          redis.call('ZREMRANGEBYSCORE', index, '-inf', '(' .. ((tonumber(now) - tonumber(ttl)) * 1000))
          redis.call('PEXPIRE', index, ttl)
        else
          redis.call('PEXPIRE', index, ttl, 'NX')
        end
        if qid ~= '' then redis.call('PUBLISH', @events, 'entered|' .. @commentId .. '|' .. verdict .. '|' .. now .. '|system') end
        if redis.call('HINCRBY', @stats, verdict, '1') == 1 then redis.call('EXPIRE', @stats, @statsTtlSeconds) end
        return {0, variant, cur}
        """,
        [
            "record", "duplicate", "floodIp", "floodEmail", "rateIp", "author", "pendingQueue", "spamQueue", "decisions",
            "stats", "approvedIndex", "pendingIndex", "spamIndex", "discardedIndex", "campaignCurrent", "campaignPrevious",
        ],
        [
            "events", "fingerprint", "floodMs", "hasEmail", "dryRun", "maxPerMinute", "trustAfter", "assessmentHead", "verdictNew", "assessmentNew",
            "verdictKnown", "assessmentKnown", "retentionMs", "spamRetentionMs", "discardRetentionMs", "authorRetentionMs",
            "decisionsMinId", "pendingMinId", "spamMinId", "commentId", "hostCommentId", "now", "submission", "submissionSummary",
            "statsTtlSeconds", "campaignSignature", "campaignMinRepeats", "campaignVerdictNew", "campaignAssessmentNew",
            "campaignVerdictKnown", "campaignAssessmentKnown", "campaignTtlMs",
        ]);
}
