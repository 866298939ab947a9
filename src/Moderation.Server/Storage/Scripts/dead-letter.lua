-- Moves a webhook event that failed for good to the site's capped dead-letter list and acknowledges it.
--
-- Returns 1.
--
-- KEYS
--   dead       the dead-letter list
--   source     the stream the event was read from
--   redeliver  the redelivery stream
-- ARGV
--   entry      the event as JSON
--   maxDead    the most entries the list keeps
--   group      the webhooks' consumer group
--   entryId    the event's entry id in the source stream

redis.call('LPUSH', dead, entry)
redis.call('LTRIM', dead, 0, tonumber(maxDead) - 1)
redis.call('XACK', source, group, entryId)
if source == redeliver then redis.call('XDEL', source, entryId) end
return 1
