--- @include "lib"
-- Gives a claimed task back at once (its worker is shutting down): ready again, this attempt not counted;
-- under at-most-once delivery the task is lost instead and the job fails (it is never handed out again).
-- KEYS: the job's keys, then the task's hash. ARGV: args[1] token, then the task id.
-- Reply: 1 (ready again), 2 (lost: at-most-once), or 0 when the lease was no longer held.
begin_call(KEYS, ARGV)
local tid = task_id(1)
local task = task_key(tid)
if not is_active(redis.call('HGET', job, 'state')) or redis.call('HGET', task, 'token') ~= args[1]
    or redis.call('HGET', task, 'state') ~= 'running' then
  return 0
end
local now = now_ms()
redis.call('ZREM', inflight_key, tid)
if redis.call('HGET', job, 'delivery') == 'at-most-once' then
  -- the attempt may have done part of its work: at-most-once never hands the task out again
  add_history(tid, now, 'released by a stopping worker')
  set_task_state(tid, 'lost', 'leaseUntil', '')
  fail_job(now, 'task ' .. tid .. ' lost: its worker stopped before finishing it and at-most-once delivery never redelivers')
  return 2
end
redis.call('HINCRBY', task, 'attempts', -1)
make_ready(tid, now)
log_event(now, 'event', 'released', 'task', tid, 'worker', tostring(redis.call('HGET', task, 'worker')))
return 1
