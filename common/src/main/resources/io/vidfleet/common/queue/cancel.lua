--- @include "lib"
-- Cancels a job that is not done (a failed one too): no task is handed out again, every lease is
-- revoked (workers find out at their next extension and stop), and every key of the job but its hash
-- is deleted.
-- KEYS: the job's keys, then every task's hash (the job's whole task list).
-- ARGV: args[1] reason, then the task ids.
-- Reply: {'cancelled'}, {'final', state}, {'missing'}, or {'stale'} when the task list passed is not the job's.
begin_call(KEYS, ARGV)
local state = redis.call('HGET', job, 'state')
if state == false then
  return {'missing'}
end
if state == 'cancelled' or not job_may_move('cancelled') then
  return {'final', state}
end
if redis.call('LLEN', tasks_key) ~= task_count then
  return {'stale'}
end
local now = now_ms()
for _, tid in ipairs(passed_task_ids()) do
  redis.call('DEL', task_key(tid))
end
redis.call('DEL', ready_key, delayed_key, inflight_key, stitch_key, dead_key, tasks_key, log_key)
set_job_state('cancelled', 'reason', args[1], 'updatedAt', now, 'finishedAt', now)
return {'cancelled'}
