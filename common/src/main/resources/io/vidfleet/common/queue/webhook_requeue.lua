--- @include "webhook_lib"
-- Sends dead-lettered deliveries again, due at once, with a fresh retry window; ids, event ids and
-- attempt counts are kept. KEYS[1]: the webhook base key. ARGV: delivery ids (none: every dead one).
-- Returns how many were requeued (ids that are not dead are skipped).
local ids = ARGV
if #ids == 0 then
  ids = redis.call('ZRANGE', base .. ':dead', 0, -1)
end
local now = now_ms()
local requeued = 0
for _, id in ipairs(ids) do
  local key = base .. ':delivery:' .. id
  if redis.call('ZREM', base .. ':dead', id) == 1 and redis.call('HGET', key, 'state') == 'dead' then
    local host = redis.call('HGET', key, 'host')
    redis.call('HSET', key, 'state', 'pending', 'windowStart', now, 'nextAt', now)
    redis.call('HDEL', key, 'deadAt')
    webhook_due(host, id, now)
    requeued = requeued + 1
  end
end
if requeued > 0 then
  webhook_wake()
end
return requeued
