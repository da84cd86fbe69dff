-- Shared by the webhook delivery scripts (`--- @include "webhook_lib"`). Every key a script touches is
-- passed in KEYS (built by RedisKeys, the one place key names are made); helpers take the keys they need.
-- All webhook keys share the {webhook} hash tag, so each script touches one cluster slot.

local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

-- A delivery becomes due on its endpoint host's queue at `at`.
local function webhook_due(queue, hosts, host, id, at)
  redis.call('ZADD', queue, at, id)
  redis.call('SADD', hosts, host)
end

-- Wakes the coordinators' delivery loops.
local function webhook_wake(signal)
  redis.call('LPUSH', signal, '1')
  redis.call('LTRIM', signal, 0, 63)
end
