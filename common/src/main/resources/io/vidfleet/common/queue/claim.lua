-- Moves the job's best ready task to in-flight under a new lease. ARGV[1]: worker id.
-- The deadline comes from Redis's clock; the token (a per-job counter) fences every later call.
-- Returns {'ok', tid, token, attempt, leaseMs, spec, input, profile, jobStarted} or {'empty'|'drained'|'inactive'}.
local state = redis.call('HGET', job, 'state')
if not is_active(state) then
  return {'inactive'}
end
local top = redis.call('ZRANGE', job .. ':ready', 0, 0)
if #top == 0 then
  if redis.call('ZCARD', job .. ':delayed') == 0 then
    return {'drained'}
  end
  return {'empty'}
end
local tid = top[1]
local task = task_key(tid)
local now = now_ms()
local lease = tonumber(redis.call('HGET', job, 'leaseMs'))
local token = redis.call('HINCRBY', job, 'tokenSeq', 1)
local attempt = redis.call('HINCRBY', task, 'attempts', 1)
redis.call('ZREM', job .. ':ready', tid)
redis.call('ZADD', job .. ':inflight', now + lease, tid)
redis.call('HSET', task, 'state', 'running', 'token', token, 'worker', ARGV[1], 'leaseUntil', now + lease, 'claimedAt', now)
local started = ''
if state == 'queued' then
  redis.call('HSET', job, 'state', 'running', 'startedAt', now)
  started = 'started'
end
redis.call('HSET', job, 'updatedAt', now)
log_event(now, 'event', 'claimed', 'task', tid, 'worker', ARGV[1], 'token', token, 'attempt', attempt)
return {'ok', tid, tostring(token), tostring(attempt), tostring(lease), redis.call('HGET', task, 'spec'),
  redis.call('HGET', job, 'input'), redis.call('HGET', job, 'profile'), started}
