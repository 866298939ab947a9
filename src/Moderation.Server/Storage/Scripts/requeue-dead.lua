-- Feeds every dead-lettered webhook event back through the redelivery stream and empties the list.
--
-- Returns how many were queued again.
--
-- KEYS
--   dead       the dead-letter list
--   redeliver  the redelivery stream, read by the webhooks' group
-- ARGV
--   maxDead    the most entries the stream keeps

local items = redis.call('LRANGE', dead, 0, -1)
for _, item in ipairs(items) do
  local e = cjson.decode(item)
  redis.call('XADD', redeliver, 'MAXLEN', '~', maxDead, '*', 'cur', e.cursor, 'c', e.comment_id, 'h', e.host_comment_id,
    'from', tostring(e.previous_status), 's', tostring(e.status), 'by', e.actor, 't', tostring(e.time_ms))
end
redis.call('DEL', dead)
return #items
