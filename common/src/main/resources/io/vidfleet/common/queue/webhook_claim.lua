--- @include "webhook_lib"
-- Takes the next due delivery of one endpoint host under a lease (Redis time), like a chunk task.
-- The attempt counter is the fencing token. KEYS[1]: the webhook base key. ARGV[1]: host,
-- ARGV[2]: owner, ARGV[3]: lease in ms.
-- Returns {'ok', id, attempt, url, body, secret, event} or {'none', nextDueMs} ('' when nothing waits).
local queue = base .. ':host:' .. ARGV[1]
local now = now_ms()
while true do
  local due = redis.call('ZRANGEBYSCORE', queue, '-inf', now, 'LIMIT', 0, 1)
  if #due == 0 then
    local next = redis.call('ZRANGE', queue, 0, 0, 'WITHSCORES')
    return {'none', next[2] or ''}
  end
  local id = due[1]
  local key = base .. ':delivery:' .. id
  redis.call('ZREM', queue, id)
  if redis.call('EXISTS', key) == 1 then
    local attempt = redis.call('HINCRBY', key, 'attempts', 1)
    local deadline = now + tonumber(ARGV[3])
    redis.call('ZADD', queue .. ':inflight', deadline, id)
    redis.call('HSET', key, 'state', 'delivering', 'owner', ARGV[2], 'leaseUntil', deadline, 'lastAttemptAt', now)
    local d = redis.call('HMGET', key, 'url', 'body', 'secret', 'event')
    return {'ok', id, tostring(attempt), d[1], d[2], d[3] or '', d[4]}
  end
end
