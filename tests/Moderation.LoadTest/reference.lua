-- The reference endpoint's minimal per-call script: a counter, a claim, a record and a stream entry.
--
-- KEYS: 1 counter, 2 claim, 3 record, 4 stream
-- ARGV: 1 content, 2 author, 3 email, 4 ip, 5 comment id

redis.call('INCR', KEYS[1])
if not redis.call('SET', KEYS[2], '1', 'NX') then return 0 end
redis.call('HSET', KEYS[3], 'content', ARGV[1], 'author', ARGV[2], 'email', ARGV[3], 'ip', ARGV[4])
redis.call('XADD', KEYS[4], 'MAXLEN', '~', '100000', '*', 'c', ARGV[5])
return 1
