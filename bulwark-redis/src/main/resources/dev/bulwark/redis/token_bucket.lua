--[[ Token bucket: the Redis twin of dev.bulwark.ratelimit.TokenBucket, decision for decision.

A bucket holds up to `burst` tokens and refills continuously at `limit` per period; a request of
cost c is admitted when the bucket holds at least c tokens, and then takes them. A new key starts
full. Tokens are counted in token-units: with the rate limit/period in lowest terms l/p, one token
is p units and every microsecond adds l units, so refill is an exact integer; no rounding drifts.

Invariants: 0 <= units <= capacity = burst * p <= 2^53 (checked by RateLimit, so a Lua double holds
every value exactly); the stored time never decreases (time = max(now, last): a clock step back
refills nothing); a rejected request leaves the refilled tokens and charges nothing. Every value is
an integer below 2^53; division goes through idiv (exact floor), numbers are written with %.0f
(Lua's default %.14g would round epoch microseconds).

KEYS[1] hash {u = units, t = time of u (epoch µs)}
ARGV    [1] now µs, or "" to use the server's TIME  [2] TTL ms  [3] cost  [4] burst
        [5] period µs  [6] units per token (p)  [7] units per µs (l)
Returns {allowed 0/1, remaining, reset µs, retry-after µs}. The TTL (time to refill from empty,
plus a margin) is refreshed on every write, so expiry only ever forgets a full bucket. ]]

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
local per_token = tonumber(ARGV[6])
local per_micro = tonumber(ARGV[7])
local capacity = burst * per_token

local time, units
local state = redis.call('HMGET', key, 'u', 't')
if state[1] == false or state[2] == false then
  time = now
  units = capacity
else
  local last = tonumber(state[2])
  units = tonumber(state[1])
  time = math.max(now, last)
  local elapsed = time - last
  if elapsed >= ceildiv(capacity - units, per_micro) then -- compare first: the product could be huge
    units = capacity
  else
    units = units + elapsed * per_micro
  end
end

local allowed = 0
local retry = 0
if cost > burst then
  retry = period
else
  local needed = cost * per_token
  if units >= needed then
    units = units - needed
    allowed = 1
  else
    retry = ceildiv(needed - units, per_micro)
  end
end

redis.call('HSET', key, 'u', string.format('%.0f', units), 't', string.format('%.0f', time))
redis.call('PEXPIRE', key, ttl)
return {allowed, idiv(units, per_token), ceildiv(capacity - units, per_micro), retry}
