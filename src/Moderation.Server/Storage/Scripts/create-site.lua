-- Creates a site's record and its moderation queues' consumer groups together, or nothing when the site exists.
--
-- Returns 1 when created, 0 when the site existed.
--
-- KEYS
--   site       the site's hash
--   pending    the moderation queue
--   spam       the spam queue
-- ARGV
--   group      the moderators' consumer group
--   siteId     the site's id
--   name       its display name
--   settings   its serialised settings
--   now        the time in ms

if redis.call('EXISTS', site) == 1 then return 0 end
redis.call('HSET', site, 'id', siteId, 'name', name, 'settings', settings, 'created', now, 'updated', now)
redis.call('XGROUP', 'CREATE', pending, group, '0', 'MKSTREAM')
redis.call('XGROUP', 'CREATE', spam, group, '0', 'MKSTREAM')
return 1
