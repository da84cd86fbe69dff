--- @include "webhook_lib"
-- Records one attempt's outcome, only for the holder of the delivery's current attempt (fencing).
-- A 2xx delivers it; anything else waits out its backoff, unless that would pass the retry window
-- (cap), which dead-letters it.
-- KEYS[1]: the delivery's hash, KEYS[2]: its host's queue, KEYS[3]: the host's in-flight set,
-- KEYS[4]: dead letters, KEYS[5]: hosts set.
-- ARGV[1]: id, ARGV[2]: host, ARGV[3]: attempt, ARGV[4]: 'ok' or 'fail', ARGV[5]: HTTP status ('' if
-- none), ARGV[6]: error, ARGV[7]: backoff ms, ARGV[8]: retry window ms, ARGV[9]: how long a delivered
-- record is kept (ms).
-- Reply: {'delivered'}, {'retry', dueMs}, {'dead'} or {'stale'}.
local key, queue, inflight, dead, hosts = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local id, host = ARGV[1], ARGV[2]
local d = redis.call('HMGET', key, 'state', 'attempts', 'host')
if d[1] ~= 'delivering' or d[2] ~= ARGV[3] or d[3] ~= host then
  return {'stale'}
end
local now = now_ms()
local reply
redis.call('ZREM', inflight, id)
redis.call('HSET', key, 'lastStatus', ARGV[5], 'lastError', ARGV[6], 'leaseUntil', '', 'owner', '')
if ARGV[4] == 'ok' then
  redis.call('HSET', key, 'state', 'delivered', 'deliveredAt', now)
  redis.call('HDEL', key, 'nextAt')
  redis.call('PEXPIRE', key, tonumber(ARGV[9]))
  reply = {'delivered'}
else
  local due = now + tonumber(ARGV[7])
  if due > tonumber(redis.call('HGET', key, 'windowStart')) + tonumber(ARGV[8]) then
    redis.call('HSET', key, 'state', 'dead', 'deadAt', now)
    redis.call('HDEL', key, 'nextAt')
    redis.call('ZADD', dead, now, id)
    reply = {'dead'}
  else
    redis.call('HSET', key, 'state', 'pending', 'nextAt', due)
    redis.call('ZADD', queue, due, id)
    reply = {'retry', tostring(due)}
  end
end
if redis.call('ZCARD', queue) == 0 and redis.call('ZCARD', inflight) == 0 then
  redis.call('SREM', hosts, host)
end
return reply
