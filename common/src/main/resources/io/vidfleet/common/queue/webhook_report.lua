--- @include "webhook_lib"
-- Records one attempt's outcome, only for the holder of the delivery's current attempt (fencing).
-- A 2xx delivers it; anything else waits out its backoff, unless that would pass the retry window
-- (cap), which dead-letters it. KEYS[1]: the webhook base key. ARGV[1]: id, ARGV[2]: attempt,
-- ARGV[3]: 'ok' or 'fail', ARGV[4]: HTTP status ('' if none), ARGV[5]: error, ARGV[6]: backoff ms,
-- ARGV[7]: retry window ms, ARGV[8]: how long a delivered record is kept (ms).
-- Returns {'delivered'}, {'retry', dueMs}, {'dead'} or {'stale'}.
local key = base .. ':delivery:' .. ARGV[1]
if redis.call('HGET', key, 'state') ~= 'delivering' or redis.call('HGET', key, 'attempts') ~= ARGV[2] then
  return {'stale'}
end
local host = redis.call('HGET', key, 'host')
local queue = base .. ':host:' .. host
local now = now_ms()
local reply
redis.call('ZREM', queue .. ':inflight', ARGV[1])
redis.call('HSET', key, 'lastStatus', ARGV[4], 'lastError', ARGV[5], 'leaseUntil', '', 'owner', '')
if ARGV[3] == 'ok' then
  redis.call('HSET', key, 'state', 'delivered', 'deliveredAt', now)
  redis.call('HDEL', key, 'nextAt')
  redis.call('PEXPIRE', key, tonumber(ARGV[8]))
  reply = {'delivered'}
else
  local due = now + tonumber(ARGV[6])
  if due > tonumber(redis.call('HGET', key, 'windowStart')) + tonumber(ARGV[7]) then
    redis.call('HSET', key, 'state', 'dead', 'deadAt', now)
    redis.call('HDEL', key, 'nextAt')
    redis.call('ZADD', base .. ':dead', now, ARGV[1])
    reply = {'dead'}
  else
    redis.call('HSET', key, 'state', 'pending', 'nextAt', due)
    redis.call('ZADD', queue, due, ARGV[1])
    reply = {'retry', tostring(due)}
  end
end
if redis.call('ZCARD', queue) == 0 and redis.call('ZCARD', queue .. ':inflight') == 0 then
  redis.call('SREM', base .. ':hosts', host)
end
return reply
