-- Changes a site's name and settings, only when the site exists.
--
-- Returns 1 when updated, 0 when there is no such site.
--
-- KEYS
--   site       the site's hash
-- ARGV
--   name       its display name
--   settings   its serialised settings
--   now        the time in ms

if redis.call('EXISTS', site) == 0 then return 0 end
redis.call('HSET', site, 'name', name, 'settings', settings, 'updated', now)
return 1
