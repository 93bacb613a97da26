-- Token bucket, atomic in Redis so every gateway replica shares one budget per key.
-- KEYS[1]  bucket hash (fields: tokens, ts)
-- ARGV[1]  capacity (tokens)
-- ARGV[2]  refill rate (tokens per millisecond)
-- ARGV[3]  cost of this request (tokens)
-- Returns {allowed (1|0), remaining tokens (floor), retry after ms (0 when allowed), ms until full}
-- Uses the Redis server clock so replicas with skewed clocks agree.
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)

local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(state[1])
local ts = tonumber(state[2])
if tokens == nil or ts == nil then
  tokens = capacity
  ts = now
end
if now > ts then
  tokens = math.min(capacity, tokens + (now - ts) * rate)
  ts = now
end

local allowed = 0
local retry_after = 0
if tokens >= cost then
  tokens = tokens - cost
  allowed = 1
else
  retry_after = math.ceil((cost - tokens) / rate)
end

local until_full = math.ceil((capacity - tokens) / rate)
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(ts))
redis.call('PEXPIRE', KEYS[1], until_full + 1000)
return {allowed, math.floor(tokens), retry_after, until_full}
