--[[ GCRA, the generic cell rate algorithm: the Redis twin of dev.bulwark.ratelimit.Gcra.

The state is one instant, the theoretical arrival time TAT: when the backlog of admitted work will
have drained. With emission interval T = period / limit, a request of cost c at time t would move
the backlog to max(TAT - t, 0) + c * T; it is admitted when that is at most burst * T, and then
TAT = t + backlog. Same decisions as a token bucket with the same limit and burst, with one
timestamp of state and no refill step.

Representation: with the rate in lowest terms l/p, time is counted in units of 1/l µs: T = p units,
capacity = burst * p units (<= 2^53, checked by RateLimit). TAT is whole µs plus a fraction
0 <= f < l, so it is never multiplied by l and stays an epoch-sized number below 2^53.

Invariants: after an admission 0 < TAT - t <= burst * T; a rejection writes nothing; the backlog is
never negative. A clock step back only makes TAT - t larger: stricter, never looser.

KEYS[1] hash {t = TAT whole µs, f = fraction in 1/l µs}
ARGV    [1] now µs, or "" for TIME  [2] TTL ms  [3] cost  [4] burst  [5] period µs
        [6] units per interval (p)  [7] units per µs (l)
Returns {allowed 0/1, remaining, reset µs, retry-after µs}. The TTL (longest possible backlog plus
a margin) is set on every admission, so expiry only forgets a TAT already in the past. ]]

local function idiv(a, b)
  local q = math.floor(a / b)
  local r = a - q * b
  if r < 0 then q = q - 1 elseif r >= b then q = q + 1 end
  return q
end
local function ceildiv(a, b)
  local q = idiv(a, b)
  if q * b == a then return q end
  return q + 1
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
local burst = tonumber(ARGV[4])
local period = tonumber(ARGV[5])
local per_interval = tonumber(ARGV[6])
local per_micro = tonumber(ARGV[7])
local capacity = burst * per_interval

local backlog = 0
local state = redis.call('HMGET', key, 't', 'f')
if state[1] ~= false and state[2] ~= false then
  local tat = tonumber(state[1])
  if tat >= now then
    backlog = (tat - now) * per_micro + tonumber(state[2])
  end
end
local reset = ceildiv(backlog, per_micro)

local function rejected(retry)
  local remaining = 0
  if backlog < capacity then remaining = idiv(capacity - backlog, per_interval) end
  return {0, remaining, reset, retry}
end

if cost > burst then
  return rejected(period)
end
local needed = cost * per_interval
if backlog > capacity - needed then
  return rejected(ceildiv(backlog - (capacity - needed), per_micro))
end
local after = backlog + needed
local whole = idiv(after, per_micro)
redis.call('HSET', key, 't', string.format('%.0f', now + whole), 'f', string.format('%.0f', after - whole * per_micro))
redis.call('PEXPIRE', key, ttl)
return {1, idiv(capacity - after, per_interval), ceildiv(after, per_micro), 0}
