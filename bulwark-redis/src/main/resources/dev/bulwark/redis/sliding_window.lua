--[[ Sliding-window log: the Redis twin of dev.bulwark.ratelimit.SlidingWindow.

The key keeps every admitted unit of cost as a member of a sorted set scored by its time; a hit at
h counts while now < h + period, i.e. the window is (now - period, now]. A request of cost c is
admitted when the hits in the window plus c are at most `limit`, and then adds c hits at now. The
only algorithm with no approximation: in every interval of one period, wherever it starts, at most
`limit` are admitted.

Members are unique: a per-key sequence number (HINCRBY), so two hits at the same microsecond (or
from two instances) are two members, never one. The log's time is max(now, latest time seen): a
clock step back neither expires fewer hits than were already expired nor records a hit out of
order. Invariants: ZCARD <= limit; every score <= latest; after pruning every score > time -
period; a rejected request adds nothing.

KEYS[1] sorted set: member = sequence number, score = hit time µs
KEYS[2] hash {l = latest time µs, s = last sequence number}
ARGV    [1] now µs, or "" for TIME  [2] TTL ms  [3] cost  [4] limit  [5] period µs
Returns {allowed 0/1, remaining, reset µs, retry-after µs}. TTL: one period plus a margin on both
keys, refreshed on every call: expiry only forgets hits already out of the window. ]]

local function now_micros(explicit)
  if explicit ~= nil and explicit ~= '' then return tonumber(explicit) end
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000000 + tonumber(t[2])
end
local function fmt(n) return string.format('%.0f', n) end

local log = KEYS[1]
local meta = KEYS[2]
local now = now_micros(ARGV[1])
local ttl = ARGV[2]
local cost = tonumber(ARGV[3])
local limit = tonumber(ARGV[4])
local period = tonumber(ARGV[5])

local time = now
local latest = redis.call('HGET', meta, 'l')
if latest then time = math.max(now, tonumber(latest)) end
redis.call('ZREMRANGEBYSCORE', log, '-inf', fmt(time - period))
local size = redis.call('ZCARD', log)

local allowed = 0
local retry = 0
if cost <= limit and size <= limit - cost then
  allowed = 1
  local last = redis.call('HINCRBY', meta, 's', cost)
  local score = fmt(time)
  local args = {}
  for seq = last - cost + 1, last do
    args[#args + 1] = score
    args[#args + 1] = fmt(seq)
    if #args >= 1000 then -- stay far below Lua's limit on unpack()
      redis.call('ZADD', log, unpack(args))
      args = {}
    end
  end
  if #args > 0 then redis.call('ZADD', log, unpack(args)) end
  size = size + cost
elseif cost > limit then
  retry = period
else
  -- The oldest (size + cost - limit) hits must leave; the last of them leaves at its time + period.
  local must_leave = size + cost - limit
  local hit = redis.call('ZRANGE', log, must_leave - 1, must_leave - 1, 'WITHSCORES')
  retry = tonumber(hit[2]) + period - time
end

local reset = 0
if size > 0 then
  local newest = redis.call('ZRANGE', log, -1, -1, 'WITHSCORES')
  reset = tonumber(newest[2]) + period - time
end
redis.call('HSET', meta, 'l', fmt(time))
redis.call('PEXPIRE', meta, ttl)
redis.call('PEXPIRE', log, ttl)
return {allowed, limit - size, reset, retry}
