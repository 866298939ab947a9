-- Stores a trained model under the next version of its scope, unless the stored model was trained on newer
-- examples: a training round that started before another must not replace the newer model when it ends.
--
-- Returns {1, new version} when stored, {0, the stored version} when the stored model is newer.
--
-- KEYS
--   model      the scope's model hash
-- ARGV
--   scope      the site id, or 'global'
--   bytes      the serialised model
--   last       the id of the newest example it was trained on, a stream id 'ms-seq'
--   now        the time in ms
--   count      how many examples it was trained on
--   force      '1' to store it even so: a retrain after examples were removed, under the trainers' lock

local function older(a, b)
  local ams, aseq = string.match(a, '^(%d+)-(%d+)$')
  local bms, bseq = string.match(b, '^(%d+)-(%d+)$')
  if not ams or not bms then return false end
  if #ams ~= #bms then return #ams < #bms end
  if ams ~= bms then return ams < bms end
  return tonumber(aseq) < tonumber(bseq)
end

local stored = redis.call('HGET', model, 'last')
if force ~= '1' and stored and older(last, stored) then
  return {0, redis.call('HGET', model, 'v') or ''}
end
local generation = redis.call('HINCRBY', model, 'gen', 1)
local version = scope .. '.' .. generation
redis.call('HSET', model, 'v', version, 'm', bytes, 'last', last, 't', now, 'n', count)
return {1, version}
