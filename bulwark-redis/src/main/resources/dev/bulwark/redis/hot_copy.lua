-- The shared hot copy of one revocation or block (see RedisChangeBus for the layout and why).
-- KEYS[1] the key
-- ARGV[1] the operation: 'later' (revocations: keep the later instant), 'set' (blocks, the marker), 'del'
-- ARGV[2] the value: for 'later' an instant in epoch ms, compared as a number
-- ARGV[3] the TTL in ms; 0 = none (a permanent block, the marker)
-- Returns 1 if it wrote or deleted, 0 if the key already held a later instant.
local op = ARGV[1]
if op == 'del' then
  redis.call('DEL', KEYS[1])
  return 1
end
if op == 'later' then
  local current = tonumber(redis.call('GET', KEYS[1]))
  if current and current >= tonumber(ARGV[2]) then
    return 0
  end
end
local ttl = tonumber(ARGV[3])
if ttl > 0 then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ttl)
else
  redis.call('SET', KEYS[1], ARGV[2])
end
return 1
