--- @include "webhook_lib"
-- Enqueues the deliveries of one webhook event, each on the queue of its endpoint's host. A delivery
-- whose id exists already is skipped, so enqueueing an event twice (a coordinator that crashed after
-- enqueueing) sends it once. KEYS[1]: the webhook base key ({webhook} slot).
-- ARGV[1]: JSON array of {id, event, type, job, url, host, body[, secret]}. Returns how many were created.
local now = now_ms()
local created = 0
for _, d in ipairs(cjson.decode(ARGV[1])) do
  local key = base .. ':delivery:' .. d.id
  if redis.call('EXISTS', key) == 0 then
    redis.call('HSET', key, 'id', d.id, 'event', d.event, 'type', d.type, 'job', d.job, 'url', d.url,
      'host', d.host, 'body', d.body, 'state', 'pending', 'attempts', 0, 'createdAt', now, 'windowStart', now,
      'nextAt', now)
    if type(d.secret) == 'string' and d.secret ~= '' then
      redis.call('HSET', key, 'secret', d.secret)
    end
    webhook_due(d.host, d.id, now)
    redis.call('ZADD', base .. ':all', now, d.id)
    created = created + 1
  end
end
if created > 0 then
  webhook_wake()
end
return created
