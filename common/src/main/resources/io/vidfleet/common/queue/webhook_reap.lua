--- @include "webhook_lib"
-- Returns one host's deliveries whose lease ran out (their sender died or froze) to its queue, due
-- at once; the next claim is a redelivery with the same event id. KEYS[1]: the webhook base key.
-- ARGV[1]: host. Returns how many went back.
local queue = base .. ':host:' .. ARGV[1]
local now = now_ms()
local expired = redis.call('ZRANGEBYSCORE', queue .. ':inflight', '-inf', now)
for _, id in ipairs(expired) do
  redis.call('ZREM', queue .. ':inflight', id)
  local key = base .. ':delivery:' .. id
  if redis.call('EXISTS', key) == 1 then
    redis.call('HSET', key, 'state', 'pending', 'nextAt', now, 'leaseUntil', '', 'owner', '',
      'lastError', 'lease expired (its sender stopped)')
    redis.call('ZADD', queue, now, id)
  end
end
return #expired
