--- @include "lib"
-- Reports a failed attempt. Retryable failures under the attempt limit wait in the delayed set; the
-- others (and every failure under at-most-once delivery) dead-letter the task and fail the job.
-- KEYS: the job's keys, then the task's hash. ARGV: args[1] token, args[2] reason,
-- args[3] '1' if retryable, args[4] backoff in ms for this attempt (jitter included); then the task id.
-- Reply: {'retry', backoffMs}, {'dead', reason} or {'rejected', why}.
begin_call(KEYS, ARGV)
local tid = task_id(1)
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
local at_most_once = redis.call('HGET', job, 'delivery') == 'at-most-once'
if args[3] == '1' and attempts < max and not at_most_once then
  local at = now + tonumber(args[4])
  set_task_state(tid, 'delayed', 'retryAt', at, 'leaseUntil', '')
  redis.call('ZADD', delayed_key, at, tid)
  log_event(now, 'event', 'retry', 'task', tid, 'attempt', attempts, 'error', args[2])
  return {'retry', args[4]}
end
local why = 'task ' .. tid .. ' failed after ' .. attempts .. ' attempt(s): ' .. args[2]
if args[3] == '1' and at_most_once then
  why = why .. ' (at-most-once delivery never runs a task again)'
end
set_task_state(tid, 'dead', 'leaseUntil', '')
redis.call('RPUSH', dead_key, tid)
fail_job(now, why)
return {'dead', why}
