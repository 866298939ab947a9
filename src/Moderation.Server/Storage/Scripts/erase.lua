-- Erases one comment of an author, atomically: deleted with its queue entry, listing index entry and duplicate
-- key; or, anonymised, kept in place with the personal data of its submission and assessment replaced. A record
-- that is gone already counts as nothing erased, so the erasure is safe to repeat.
--
-- Returns 1 when the comment was erased, 0 when there was no record.
--
-- KEYS
--   record           the comment's hash
--   duplicate        the duplicate-check key named by the record's fingerprint
--   pendingQueue     the moderation queue
--   spamQueue        the spam queue
--   approvedIndex    the listing index of approved comments
--   pendingIndex     the listing index of pending comments
--   spamIndex        the listing index of spam
--   discardedIndex   the listing index of discarded comments
--   rejectedIndex    the listing index of rejected comments
-- ARGV
--   commentId        our comment id
--   group            the moderators' consumer group
--   submission       the anonymised submission; empty to delete the comment
--   assessment       the anonymised assessment
--   events           the site's queue events channel
--   now              the time in ms
--   actor            the key id of the caller

local r = redis.call('HMGET', record, 'st', 'q')
if not r[1] then return 0 end
if redis.call('GET', duplicate) == commentId then redis.call('DEL', duplicate) end
if submission ~= '' then
  -- No fingerprint: it hashed the email, and a retry of an anonymised comment is not the same comment.
  redis.call('HSET', record, 'sub', submission, 'a', assessment, 'fp', 'erased')
  return 1
end
local qid, queue = r[2], nil
if r[1] == COMMENT_STATUS_PENDING then queue = pendingQueue elseif r[1] == COMMENT_STATUS_SPAM then queue = spamQueue end
if queue and qid and qid ~= '' then
  redis.call('XACK', queue, group, qid)
  redis.call('XDEL', queue, qid)
end
for _, index in ipairs({approvedIndex, pendingIndex, spamIndex, discardedIndex, rejectedIndex}) do
  redis.call('ZREM', index, commentId)
end
redis.call('DEL', record)
-- Moderators' live views drop it; the status after the event is none.
redis.call('PUBLISH', events, 'erased|' .. commentId .. '|' .. COMMENT_STATUS_UNSPECIFIED .. '|' .. now .. '|' .. actor)
return 1
