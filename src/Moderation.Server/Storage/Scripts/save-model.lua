-- Stores a trained model under the next version of its scope.
--
-- Returns the new version, '<scope>.<generation>'.
--
-- KEYS
--   model      the scope's model hash
-- ARGV
--   scope      the site id, or 'global'
--   bytes      the serialised model
--   last       the id of the newest example it was trained on
--   now        the time in ms
--   count      how many examples it was trained on

local generation = redis.call('HINCRBY', model, 'gen', 1)
local version = scope .. '.' .. generation
redis.call('HSET', model, 'v', version, 'm', bytes, 'last', last, 't', now, 'n', count)
return version
