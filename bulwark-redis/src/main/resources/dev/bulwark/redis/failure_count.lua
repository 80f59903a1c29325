-- One failure counter of the brute-force guard (see RedisFailureCounters).
-- KEYS[1] the counter, a hash {n = failures, t = epoch ms of the last one}
-- ARGV[1] 'add' or 'get'
-- ARGV[2] for 'add': now, epoch ms (the caller's clock: delays are short, skew only shifts them a little)
-- ARGV[3] for 'add': the window in ms; the key lives that long after its last failure
-- Returns {n, t} ({0, 0} when there is no counter).
if ARGV[1] == 'add' then
  local n = redis.call('HINCRBY', KEYS[1], 'n', 1)
  redis.call('HSET', KEYS[1], 't', ARGV[2])
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]))
  return {n, tonumber(ARGV[2])}
end
local v = redis.call('HMGET', KEYS[1], 'n', 't')
return {tonumber(v[1]) or 0, tonumber(v[2]) or 0}
