--- @include "lib"
-- Reports a failed attempt. Retryable failures under the attempt limit wait in the delayed set; the
-- others dead-letter the task and fail the job.
-- KEYS: the job's keys, then the task's hash. ARGV: task id, then args[1] token, args[2] reason,
-- args[3] '1' if retryable, args[4] backoff in ms for this attempt (jitter included).
-- Reply: {'retry', backoffMs}, {'dead', reason} or {'rejected', why}.
local tid = ARGV[1]
local task = task_key(tid)
local state = redis.call('HGET', job, 'state')
if not is_active(state) then
  return {'rejected', 'job is ' .. tostring(state)}
end
if redis.call('HGET', task, 'token') ~= args[1] or redis.call('HGET', task, 'state') ~= 'running' then
  return {'rejected', 'lease lost'}
end
local now = now_ms()
add_history(tid, now, args[2])
redis.call('ZREM', inflight_key, tid)
local attempts = tonumber(redis.call('HGET', task, 'attempts'))
local max = tonumber(redis.call('HGET', job, 'maxAttempts'))
if args[3] == '1' and attempts < max then
  local at = now + tonumber(args[4])
  set_task_state(tid, 'delayed', 'retryAt', at, 'leaseUntil', '')
  redis.call('ZADD', delayed_key, at, tid)
  log_event(now, 'event', 'retry', 'task', tid, 'attempt', attempts, 'error', args[2])
  return {'retry', args[4]}
end
local why = 'task ' .. tid .. ' failed after ' .. attempts .. ' attempt(s): ' .. args[2]
set_task_state(tid, 'dead', 'leaseUntil', '')
redis.call('RPUSH', dead_key, tid)
fail_job(now, why)
return {'dead', why}
