-- One status change of a stored comment, atomically: the check that nobody changed or claimed it since the
-- caller read it, leaving its queue, moving its index entry, the decision event, the audit entry, the labeled
-- example and the author's reputation. A claim is a consumer-group delivery whose idle time is below the
-- maximum lease (see claim.lua).
--
-- Returns {DECIDE_STATUS_DECIDED, cursor, previous status}, {DECIDE_STATUS_STATUS_CONFLICT, status},
-- {DECIDE_STATUS_UNCHANGED, status}, {DECIDE_STATUS_CLAIMED_BY_OTHER, moderator}, or a code alone.
--
-- KEYS
--   record           the comment's hash
--   pendingQueue     the moderation queue
--   spamQueue        the spam queue
--   approvedIndex    the listing index of approved comments
--   pendingIndex     the listing index of pending comments
--   spamIndex        the listing index of spam
--   discardedIndex   the listing index of discarded comments
--   rejectedIndex    the listing index of rejected comments
--   decisions        the site's decision stream
--   examples         the site's labeled examples for the learning filter
--   author           the author's standing
--   ipReputation     spam counts of the IP
--   urlReputation    spam counts of the author's website host
--   stats            today's counts per decision
-- ARGV
--   expectedCur      the cursor of the record as the caller read it; another means it changed since
--   expectedStatus   the status the caller expects; COMMENT_STATUS_UNSPECIFIED for any
--   newStatus        the status to set
--   actor            the moderator's key id, or the host's
--   ignoreClaims     '1' when a host report passes a moderator's lease
--   group            the moderators' consumer group
--   maxLeaseMs       the longest lease
--   commentId        our comment id
--   hostCommentId    the host's comment id
--   now              the time in ms
--   ttlMs            how long the record is kept in its new status
--   historyEntry     the serialised audit entry to append
--   label            'spam' or 'ham' for the filter, 'none' to withdraw the comment's earlier label, or empty
--   examplesMax      the most examples kept
--   hasAuthor        '1' when the comment has an email address
--   hasUrl           '1' when the author gave a website
--   reputationMs     how long reputation counts are kept
--   spamMinId        spam queue entries older than this id are trimmed
--   decisionsMinId   decision events older than this id are trimmed
--   examplesMinId    examples older than this id are trimmed
--   examplesTtlMs    how long the examples are kept once no decision adds to them (the site's retention)
--   exampleFields    the numbers of the submission's fields an example keeps, comma-separated
--   statsField       the daily count to raise, such as 'decision:approve'
--   statsTtlSeconds  how long daily counts are kept
--   events           the site's queue events channel

local r = redis.call('HMGET', record, 'st', 'cur', 'q', 'sub', 'h')
if not r[1] then return {DECIDE_STATUS_MISSING} end
if r[2] ~= expectedCur then return {DECIDE_STATUS_STALE} end
local st = r[1]
if expectedStatus ~= COMMENT_STATUS_UNSPECIFIED and st ~= expectedStatus then return {DECIDE_STATUS_STATUS_CONFLICT, st} end
local qid = r[3] or ''
local queue = pendingQueue
if st == COMMENT_STATUS_SPAM then queue = spamQueue end
if qid ~= '' and ignoreClaims ~= '1' then
  local p = redis.call('XPENDING', queue, group, qid, qid, 1)
  if #p > 0 and p[1][2] ~= actor and p[1][3] < tonumber(maxLeaseMs) then return {DECIDE_STATUS_CLAIMED_BY_OTHER, p[1][2]} end
end
-- A discarded comment kept only its ids: there is nothing to learn from.
local function recordExample()
  if label ~= '' and r[4] and st ~= COMMENT_STATUS_DISCARDED then
    local keep = {}
    for number in string.gmatch(exampleFields, '%d+') do keep[tonumber(number)] = true end
    redis.call('XADD', examples, 'MAXLEN', '~', examplesMax, '*', 'c', commentId, 'l', label, 'by', actor, 't', now, 'sub', keepFields(r[4], keep))
    redis.call('XTRIM', examples, 'MINID', examplesMinId)
    redis.call('PEXPIRE', examples, examplesTtlMs)
  end
end
if st == newStatus then
  -- Same status, but a report or decision still teaches the filter what this comment is.
  recordExample()
  return {DECIDE_STATUS_UNCHANGED, st}
end
local indexes = {approvedIndex, pendingIndex, spamIndex, discardedIndex, rejectedIndex}
if qid ~= '' then
  redis.call('XACK', queue, group, qid)
  redis.call('XDEL', queue, qid)
end
local newQid = ''
if newStatus == COMMENT_STATUS_SPAM then
  newQid = redis.call('XADD', spamQueue, 'MINID', spamMinId, '*', 'c', commentId)
elseif newStatus == COMMENT_STATUS_PENDING then
  -- Requeued (a decision undone): a new entry, which the next claim hands out.
  newQid = redis.call('XADD', pendingQueue, '*', 'c', commentId)
end
local cur = redis.call('XADD', decisions, 'MINID', decisionsMinId, '*',
  'c', commentId, 'h', hostCommentId, 'from', st, 's', newStatus, 'by', actor, 't', now)
redis.call('HSET', record, 'st', newStatus, 'cur', cur, 'q', newQid, 'h', (r[5] or '') .. historyEntry)
redis.call('PEXPIRE', record, ttlMs)

redis.call('ZREM', indexes[tonumber(st)], commentId)
local index = indexes[tonumber(newStatus)]
redis.call('ZADD', index, (indexScore(cur)), commentId)
redis.call('ZREMRANGEBYSCORE', index, '-inf', '(' .. ((tonumber(now) - tonumber(ttlMs)) * 1000))
redis.call('PEXPIRE', index, ttlMs)

recordExample()
if hasAuthor == '1' then
  if newStatus == COMMENT_STATUS_SPAM then
    redis.call('HSET', author, 'approved', '0')
    redis.call('HINCRBY', author, 'spam', '1')
  elseif newStatus == COMMENT_STATUS_APPROVED then
    redis.call('HINCRBY', author, 'approved', '1')
  end
  redis.call('PEXPIRE', author, reputationMs)
end
if newStatus == COMMENT_STATUS_SPAM then
  redis.call('HINCRBY', ipReputation, 'spam', '1')
  redis.call('PEXPIRE', ipReputation, reputationMs)
  if hasUrl == '1' then
    redis.call('HINCRBY', urlReputation, 'spam', '1')
    redis.call('PEXPIRE', urlReputation, reputationMs)
  end
end
if redis.call('HINCRBY', stats, statsField, '1') == 1 then redis.call('EXPIRE', stats, statsTtlSeconds) end
redis.call('PUBLISH', events, 'decided|' .. commentId .. '|' .. newStatus .. '|' .. now .. '|' .. actor)
-- A requeued comment is in the queue again, for every open desk as for a new one.
if newStatus == COMMENT_STATUS_PENDING then redis.call('PUBLISH', events, 'entered|' .. commentId .. '|' .. newStatus .. '|' .. now .. '|' .. actor) end
return {DECIDE_STATUS_DECIDED, cur, st}
