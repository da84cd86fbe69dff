--- @include "webhook_lib"
-- Returns one host's deliveries whose lease ran out (their sender died or froze) to its queue, due
-- at once; the next claim is a redelivery with the same event id. The caller passes the head of the
-- in-flight set as it saw it (candidates); one whose lease is still running is left alone.
-- KEYS[1]: the host's queue, KEYS[2]: its in-flight set, KEYS[2+i]: the hash of candidate i.
-- ARGV[i]: candidate i's id. Reply: how many leases had run out (each will be a redelivery).
local queue, inflight = KEYS[1], KEYS[2]
local now = now_ms()
local expired = 0
for i, id in ipairs(ARGV) do
  local score = redis.call('ZSCORE', inflight, id)
  if score and tonumber(score) <= now then
    redis.call('ZREM', inflight, id)
    expired = expired + 1
    local key = KEYS[2 + i]
    if redis.call('EXISTS', key) == 1 then
      redis.call('HSET', key, 'state', 'pending', 'nextAt', now, 'leaseUntil', '', 'owner', '',
        'lastError', 'lease expired (its sender stopped)')
      redis.call('ZADD', queue, now, id)
    end
  end
end
return expired
