--- @include "webhook_lib"
-- Enqueues the deliveries of one webhook event, each on the queue of its endpoint's host. A delivery
-- whose id exists already is skipped, so enqueueing an event twice (a coordinator that crashed after
-- enqueueing) sends it once.
-- KEYS[1]: hosts set, KEYS[2]: all deliveries, KEYS[3]: signal list; then per delivery i (1-based):
-- KEYS[2+2i]: its hash, KEYS[3+2i]: its host's queue.
-- ARGV[1]: JSON array of {id, event, type, job, url, host, body[, secret]}, in the order of the keys.
-- Reply: how many were created.
local now = now_ms()
local created = 0
for i, d in ipairs(cjson.decode(ARGV[1])) do
  local key = KEYS[2 + 2 * i]
  if redis.call('EXISTS', key) == 0 then
    redis.call('HSET', key, 'id', d.id, 'event', d.event, 'type', d.type, 'job', d.job, 'url', d.url,
      'host', d.host, 'body', d.body, 'state', 'pending', 'attempts', 0, 'createdAt', now, 'windowStart', now,
      'nextAt', now)
    if type(d.secret) == 'string' and d.secret ~= '' then
      redis.call('HSET', key, 'secret', d.secret)
    end
    webhook_due(KEYS[3 + 2 * i], KEYS[1], d.host, d.id, now)
    redis.call('ZADD', KEYS[2], now, d.id)
    created = created + 1
  end
end
if created > 0 then
  webhook_wake(KEYS[3])
end
return created
