--- @include "webhook_lib"
-- Takes the next due delivery of one endpoint host under a lease (Redis time), like a chunk task.
-- The attempt counter is the fencing token. The caller passes the head of the host's queue as it saw
-- it (candidates); one that is no longer there, or not yet due, is skipped.
-- KEYS[1]: the host's queue, KEYS[2]: its in-flight set, KEYS[2+i]: the hash of candidate i.
-- ARGV[1]: owner, ARGV[2]: lease in ms, ARGV[2+i]: candidate i's id.
-- Reply: {'ok', id, attempt, url, body, secret, event}, {'none', nextDueMs} ('' when nothing waits),
-- or {'moved'} (due deliveries remain that were not candidates: read the queue again).
local queue, inflight = KEYS[1], KEYS[2]
local now = now_ms()
for i = 3, #ARGV do
  local id, key = ARGV[i], KEYS[i]
  local score = redis.call('ZSCORE', queue, id)
  if score and tonumber(score) <= now then
    redis.call('ZREM', queue, id)
    if redis.call('EXISTS', key) == 1 then
      local attempt = redis.call('HINCRBY', key, 'attempts', 1)
      local deadline = now + tonumber(ARGV[2])
      redis.call('ZADD', inflight, deadline, id)
      redis.call('HSET', key, 'state', 'delivering', 'owner', ARGV[1], 'leaseUntil', deadline, 'lastAttemptAt', now)
      local d = redis.call('HMGET', key, 'url', 'body', 'secret', 'event')
      return {'ok', id, tostring(attempt), d[1], d[2], d[3] or '', d[4]}
    end
  end
end
local next = redis.call('ZRANGE', queue, 0, 0, 'WITHSCORES')
if next[2] and tonumber(next[2]) <= now then
  return {'moved'}
end
return {'none', next[2] or ''}
