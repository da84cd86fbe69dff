-- Shared by the webhook delivery scripts (`--- @include "webhook_lib"`). KEYS[1] is the webhook base
-- key (RedisKeys.webhooks); every other webhook key is the base plus a suffix of RedisKeys.WebhookSuffix,
-- so all share the {webhook} hash tag and each script touches one cluster slot.
local base = KEYS[1]

local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

-- A delivery becomes due on its endpoint host's queue at `at`.
local function webhook_due(host, id, at)
  redis.call('ZADD', base .. ':host:' .. host, at, id)
  redis.call('SADD', base .. ':hosts', host)
end

-- Wakes the coordinators' delivery loops.
local function webhook_wake()
  redis.call('LPUSH', base .. ':signal', '1')
  redis.call('LTRIM', base .. ':signal', 0, 63)
end
