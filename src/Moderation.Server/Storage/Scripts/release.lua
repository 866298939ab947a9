-- Gives entries the moderator holds back to the queue by making them look expired (see claim.lua).
--
-- Returns how many were released.
--
-- KEYS
--   queue        the pending or spam queue
-- ARGV
--   group        the moderators' consumer group
--   consumer     the moderator's key id
--   entries      JSON [[entry id, comment id], ...]
--   maxLeaseMs   the longest lease
--   status       the queue's comment status, for the events
--   events       the site's queue events channel

local t = redis.call('TIME')
local expiredAt = tostring(tonumber(t[1]) * 1000 - tonumber(maxLeaseMs))
local released = 0
for _, entry in ipairs(cjson.decode(entries)) do
  local qid = entry[1]
  local p = redis.call('XPENDING', queue, group, qid, qid, 1)
  if #p > 0 and p[1][2] == consumer and p[1][3] < tonumber(maxLeaseMs) then
    redis.call('XCLAIM', queue, group, consumer, '0', qid, 'TIME', expiredAt, 'JUSTID')
    released = released + 1
    redis.call('PUBLISH', events, 'released|' .. entry[2] .. '|' .. status .. '|' .. t[1] .. '000|' .. consumer)
  end
end
return released
