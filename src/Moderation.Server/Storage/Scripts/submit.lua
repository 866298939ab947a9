-- The one round trip of a submission: idempotency on the host's comment id, the duplicate, flood and rate
-- checks, the author's standing and the count of copies of the text (campaigns), then the record, its queue
-- entry, the decision event and the counters, atomically. The caller decided the verdict for every case the
-- script can find (a new or a known author, a text repeated or not); the script only picks one by those facts.
-- A verdict is stored as the comment status of the same number.
--
-- Numbers go to redis.call as the strings they arrived as: Redis formats Lua numbers with printf, which showed
-- up at ~5% of its CPU. An assessment for a known author that is the same as for a new one arrives empty, and
-- the rule hits every assessment starts with arrive once, as a head the chosen tail is appended to (protobuf
-- messages concatenated parse as one).
--
-- Returns {SUBMIT_STATUS_STORED, variant, cursor} where variant is 0 for a new author, 1 for a known one, 2 and 3
-- the same for a repeated text; {SUBMIT_STATUS_REPLAYED, stored assessment, cursor}; or a refusal code alone.
--
-- KEYS
--   record             the comment's hash
--   duplicate          same author, post and text: holds the comment id
--   floodIp            set while the IP may not post again
--   floodEmail         set while the email address may not post again
--   rateIp             the IP's count in the current minute
--   author             the author's standing: approved comments, spam
--   pendingQueue       the moderation queue (a stream with the moderators' group)
--   spamQueue          the spam queue
--   decisions          the site's decision stream, which hosts resume from
--   stats              today's counts per verdict
--   approvedIndex      the listing index of approved comments
--   pendingIndex       the listing index of pending comments
--   spamIndex          the listing index of spam
--   discardedIndex     the listing index of discarded comments
--   campaignCurrent    copies per text signature in the current campaign window
--   campaignPrevious   the same for the previous window
-- ARGV
--   events             the site's queue events channel
--   fingerprint        the hash of post, author and text
--   floodMs            the flood interval; '0' turns the check off
--   hasEmail           '1' when the comment has an email address
--   dryRun             '1' to check without storing or counting
--   maxPerMinute       comments per IP per minute; '0' when the flood check makes the limit unreachable
--   trustAfter         approved comments that make an author known; '0' for never
--   assessmentHead     the serialised rule hits every variant starts with
--   verdictNew         the verdict for a new author
--   assessmentNew      the rest of the assessment for a new author
--   verdictKnown       the verdict for a known author
--   assessmentKnown    the rest for a known author; empty when the same as for a new one
--   retentionMs        how long an approved or pending comment is kept
--   spamRetentionMs    how long spam is kept
--   discardRetentionMs how long a discarded comment's summary is kept
--   authorRetentionMs  how long an author's standing is kept
--   decisionsMinId     decision events older than this id are trimmed
--   pendingMinId       pending queue entries older than this id are trimmed
--   spamMinId          spam queue entries older than this id are trimmed
--   commentId          our comment id
--   hostCommentId      the host's comment id
--   now                the time in ms
--   submission         the serialised submission
--   submissionSummary  what a discarded comment keeps: its ids
--   statsTtlSeconds    how long daily counts are kept
--   campaignSignature  the text's signature; empty when too short to count
--   campaignMinRepeats copies that make a campaign
--   campaignVerdictNew     the verdict for a new author when the text is a campaign
--   campaignAssessmentNew  the rest of that assessment
--   campaignVerdictKnown   the same for a known author
--   campaignAssessmentKnown  empty when the same as for a new author
--   campaignTtlMs      how long a window's counts live (two windows)
--   announced          the status the host was already told (a comment answered while Redis was down), or
--                      COMMENT_STATUS_UNSPECIFIED; the decision event's previous status when the stored one differs

-- Checks that also claim (SET NX, INCR) count every accepted attempt; a retry of a stored comment is
-- answered by the idempotency read first, so it never trips the flood or duplicate check.
local prev = redis.call('HMGET', record, 'fp', 'a', 'cur')
if prev[1] then
  if prev[1] ~= fingerprint then return {SUBMIT_STATUS_ID_CONFLICT} end
  return {SUBMIT_STATUS_REPLAYED, prev[2], prev[3] or ''}
end
local dry = dryRun == '1'
local withEmail = hasEmail == '1'
if floodMs ~= '0' then
  if dry then
    if redis.call('EXISTS', floodIp) == 1 then return {SUBMIT_STATUS_FLOOD_BY_IP} end
    if withEmail and redis.call('EXISTS', floodEmail) == 1 then return {SUBMIT_STATUS_FLOOD_BY_EMAIL} end
  else
    if not redis.call('SET', floodIp, '1', 'PX', floodMs, 'NX') then return {SUBMIT_STATUS_FLOOD_BY_IP} end
    if withEmail and not redis.call('SET', floodEmail, '1', 'PX', floodMs, 'NX') then return {SUBMIT_STATUS_FLOOD_BY_EMAIL} end
  end
end
local perMinute = tonumber(maxPerMinute)
if perMinute > 0 then
  local n
  if dry then
    n = tonumber(redis.call('GET', rateIp) or '0') + 1
  else
    n = redis.call('INCR', rateIp)
    if n == 1 then redis.call('PEXPIRE', rateIp, '60000') end
  end
  if n > perMinute then return {SUBMIT_STATUS_RATE_LIMITED} end
end
local trusted = tonumber(trustAfter)
local known = trusted > 0 and withEmail
  and tonumber(redis.call('HGET', author, 'approved') or '0') >= trusted
local verdict, assessment, variant = verdictNew, assessmentNew, 0
if known then
  verdict, variant = verdictKnown, 1
  if assessmentKnown ~= '' then assessment = assessmentKnown end
end
-- Copies of this text in the current and the previous campaign window, this one included.
if campaignSignature ~= '' then
  local copies = tonumber(redis.call('HGET', campaignPrevious, campaignSignature) or '0')
  if dry then
    copies = copies + tonumber(redis.call('HGET', campaignCurrent, campaignSignature) or '0') + 1
  else
    local inWindow = redis.call('HINCRBY', campaignCurrent, campaignSignature, '1')
    -- Whoever creates the window's key adds a new signature to it, so it gets its expiry here, once.
    if inWindow == 1 then redis.call('PEXPIRE', campaignCurrent, campaignTtlMs, 'NX') end
    copies = copies + inWindow
  end
  if copies >= tonumber(campaignMinRepeats) then
    verdict, assessment, variant = campaignVerdictNew, campaignAssessmentNew, 2
    if known then
      verdict, variant = campaignVerdictKnown, 3
      if campaignAssessmentKnown ~= '' then assessment = campaignAssessmentKnown end
    end
  end
end

local ttl = retentionMs
if verdict == COMMENT_STATUS_SPAM then ttl = spamRetentionMs elseif verdict == COMMENT_STATUS_DISCARDED then ttl = discardRetentionMs end
if dry then
  if verdict ~= COMMENT_STATUS_DISCARDED and redis.call('EXISTS', duplicate) == 1 then return {SUBMIT_STATUS_DUPLICATE} end
  return {SUBMIT_STATUS_STORED, variant, ''}
end
if verdict ~= COMMENT_STATUS_DISCARDED and not redis.call('SET', duplicate, commentId, 'PX', ttl, 'NX') then return {SUBMIT_STATUS_DUPLICATE} end

local from = COMMENT_STATUS_UNSPECIFIED
if announced ~= verdict then from = announced end
local cur = redis.call('XADD', decisions, 'MINID', decisionsMinId, '*',
  'c', commentId, 'h', hostCommentId, 'from', from, 's', verdict, 'by', 'system', 't', now)
local kept = submission
if verdict == COMMENT_STATUS_DISCARDED then kept = submissionSummary end
local qid = ''
if verdict == COMMENT_STATUS_APPROVED and withEmail then
  redis.call('HINCRBY', author, 'approved', '1')
  redis.call('PEXPIRE', author, authorRetentionMs)
elseif verdict == COMMENT_STATUS_PENDING then
  qid = redis.call('XADD', pendingQueue, 'MINID', pendingMinId, '*', 'c', commentId)
elseif verdict == COMMENT_STATUS_SPAM then
  qid = redis.call('XADD', spamQueue, 'MINID', spamMinId, '*', 'c', commentId)
end
redis.call('HSET', record, 'fp', fingerprint, 'st', verdict, 'a', assessmentHead .. assessment, 'cur', cur, 't', now, 'sub', kept, 'q', qid)
redis.call('PEXPIRE', record, ttl)
local index = approvedIndex
if verdict == COMMENT_STATUS_PENDING then index = pendingIndex elseif verdict == COMMENT_STATUS_SPAM then index = spamIndex elseif verdict == COMMENT_STATUS_DISCARDED then index = discardedIndex end
local score, firstInMillisecond = indexScore(cur)
redis.call('ZADD', index, score, commentId)
-- Trimming and refreshing the index's expiry once per millisecond per site is enough, and cheaper; a later
-- comment of the millisecond may still be the one that creates this status's index, so it sees to an expiry.
if firstInMillisecond then
  redis.call('ZREMRANGEBYSCORE', index, '-inf', '(' .. ((tonumber(now) - tonumber(ttl)) * 1000))
  redis.call('PEXPIRE', index, ttl)
else
  redis.call('PEXPIRE', index, ttl, 'NX')
end
if qid ~= '' then redis.call('PUBLISH', events, 'entered|' .. commentId .. '|' .. verdict .. '|' .. now .. '|system') end
if redis.call('HINCRBY', stats, verdict, '1') == 1 then redis.call('EXPIRE', stats, statsTtlSeconds) end
return {SUBMIT_STATUS_STORED, variant, cur}
