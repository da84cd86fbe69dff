-- Reports a failed attempt. ARGV[1]: task id, ARGV[2]: token, ARGV[3]: reason, ARGV[4]: '1' if
-- retryable, ARGV[5]: backoff in ms for this attempt (jitter included). Retryable failures under the
-- attempt limit wait in the delayed set; the others dead-letter the task and fail the job.
-- Returns {'retry', backoffMs}, {'dead', reason} or {'rejected', why}.
local tid = ARGV[1]
local task = task_key(tid)
local state = redis.call('HGET', job, 'state')
if not is_active(state) then
  return {'rejected', 'job is ' .. tostring(state)}
end
if redis.call('HGET', task, 'token') ~= ARGV[2] or redis.call('HGET', task, 'state') ~= 'running' then
  return {'rejected', 'lease lost'}
end
local now = now_ms()
add_history(tid, now, ARGV[3])
redis.call('ZREM', job .. ':inflight', tid)
local attempts = tonumber(redis.call('HGET', task, 'attempts'))
local max = tonumber(redis.call('HGET', job, 'maxAttempts'))
if ARGV[4] == '1' and attempts < max then
  local at = now + tonumber(ARGV[5])
  redis.call('HSET', task, 'state', 'delayed', 'retryAt', at, 'leaseUntil', '')
  redis.call('ZADD', job .. ':delayed', at, tid)
  log_event(now, 'event', 'retry', 'task', tid, 'attempt', attempts, 'error', ARGV[3])
  return {'retry', ARGV[5]}
end
local why = 'task ' .. tid .. ' failed after ' .. attempts .. ' attempt(s): ' .. ARGV[3]
redis.call('HSET', task, 'state', 'dead', 'leaseUntil', '')
redis.call('RPUSH', job .. ':dead', tid)
fail_job(now, why)
return {'dead', why}
