--[[ Fixed window: the Redis twin of dev.bulwark.ratelimit.FixedWindow.

Time is cut into windows of one period aligned to the epoch, [k * period, (k+1) * period); a key
counts the cost admitted in the current window, and a request is admitted while the count stays
at most `limit`. Cheapest of all, at the price of up to 2 * limit across a window boundary.

Invariants: 0 <= count <= limit; the window start is a multiple of the period and never
decreases: a new window opens only when now reaches the end of the current one, a time before the
current window's start counts as inside it (a clock step back never resets the count); a rejected
request does not count. Durations are measured from max(now, window start).

KEYS[1] hash {w = window start µs, c = count}
ARGV    [1] now µs, or "" for TIME  [2] TTL ms  [3] cost  [4] limit  [5] period µs
Returns {allowed 0/1, remaining, reset µs, retry-after µs}. TTL: one period plus a margin from
now, so a key outlives its window and expiry only forgets a finished one. ]]

local function idiv(a, b)
  local q = math.floor(a / b)
  local r = a - q * b
  if r < 0 then q = q - 1 elseif r >= b then q = q + 1 end
  return q
end
local function now_micros(explicit)
  if explicit ~= nil and explicit ~= '' then return tonumber(explicit) end
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000000 + tonumber(t[2])
end

local key = KEYS[1]
local now = now_micros(ARGV[1])
local ttl = ARGV[2]
local cost = tonumber(ARGV[3])
local limit = tonumber(ARGV[4])
local period = tonumber(ARGV[5])

local start, count
local state = redis.call('HMGET', key, 'w', 'c')
if state[1] ~= false and state[2] ~= false and now < tonumber(state[1]) + period then
  start = tonumber(state[1])
  count = tonumber(state[2])
else
  start = idiv(now, period) * period
  count = 0
end
local time = math.max(now, start)
local reset = start + period - time

local allowed = 0
local retry = 0
if cost <= limit and count <= limit - cost then
  count = count + cost
  allowed = 1
elseif cost > limit then
  retry = period
else
  retry = reset
end
redis.call('HSET', key, 'w', string.format('%.0f', start), 'c', string.format('%.0f', count))
redis.call('PEXPIRE', key, ttl)
return {allowed, limit - count, reset, retry}
