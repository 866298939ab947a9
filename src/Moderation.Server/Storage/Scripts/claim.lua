-- Claims queue entries for one moderator on the site's consumer group. A lease is a delivery whose idle time
-- is below maxLeaseMs: a claim for a shorter lease back-dates the delivery so that it turns idle enough exactly
-- when its lease ends. Expired and released entries are taken first, then entries never delivered.
--
-- Returns {lease end in ms, entry id, comment id, entry id, comment id, ...}.
--
-- KEYS
--   queue        the pending or spam queue
-- ARGV
--   group        the moderators' consumer group
--   consumer     the moderator's key id
--   count        how many entries to claim
--   leaseMs      how long this lease lasts
--   maxLeaseMs   the longest lease
--   status       the queue's comment status, for the events
--   events       the site's queue events channel

local t = redis.call('TIME')
local nowMs = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local want = tonumber(count)
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
  local r = redis.call('XAUTOCLAIM', queue, group, consumer, maxLeaseMs, start, 'COUNT', want - #ids)
  take(r[2])
  for _, gone in ipairs(r[3] or {}) do redis.call('XACK', queue, group, gone) end
  start = r[1]
  if start == '0-0' or #ids >= want then break end
end
if #ids < want then
  local r = redis.call('XREADGROUP', 'GROUP', group, consumer, 'COUNT', want - #ids, 'STREAMS', queue, '>')
  if r then take(r[1][2]) end
end
if #ids > 0 then
  local claim = {'XCLAIM', queue, group, consumer, '0'}
  for _, id in ipairs(ids) do table.insert(claim, id) end
  table.insert(claim, 'TIME')
  table.insert(claim, tostring(nowMs + tonumber(leaseMs) - tonumber(maxLeaseMs)))
  table.insert(claim, 'JUSTID')
  redis.call(unpack(claim))
  for i = 1, #comments do
    redis.call('PUBLISH', events, 'claimed|' .. comments[i] .. '|' .. status .. '|' .. tostring(nowMs) .. '|' .. consumer)
  end
end
local out = {tostring(nowMs + tonumber(leaseMs))}
for i = 1, #ids do
  table.insert(out, ids[i])
  table.insert(out, comments[i])
end
return out
