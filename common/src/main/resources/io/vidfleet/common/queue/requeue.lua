--- @include "lib"
-- Sends a failed job back to work: every task that is not done (dead, lost, or cut short when the job
-- failed) is ready again with a fresh attempt count; done tasks keep their results, merged ones stay replaced. A job whose tasks
-- were all done (its stitch failed) goes straight back to stitching.
-- KEYS: the job's keys, then every task's hash (the job's whole task list). ARGV: the task ids.
-- Reply: {'requeued', count}, {'missing'}, {'not-failed', state}, or {'stale'} when the task list passed
-- is not the job's.
begin_call(KEYS, ARGV)
local state = redis.call('HGET', job, 'state')
if state == false then
  return {'missing'}
end
if state ~= 'failed' then
  return {'not-failed', state}
end
if redis.call('LLEN', tasks_key) ~= task_count then
  return {'stale'}
end
local now = now_ms()
local requeued = 0
for _, tid in ipairs(passed_task_ids()) do
  local task = task_key(tid)
  local st = redis.call('HGET', task, 'state')
  if st ~= 'done' and st ~= 'merged' then -- a merged task was replaced by a coarser one: never run again
    redis.call('HSET', task, 'attempts', 0)
    redis.call('HDEL', task, 'retryAt', 'token')
    make_ready(tid, now)
    requeued = requeued + 1
  end
end
redis.call('DEL', dead_key, inflight_key, delayed_key)
redis.call('HDEL', job, 'reason', 'finishedAt', 'notified', 'stitchAttempts', 'stitchError')
if requeued == 0 then
  set_job_state('stitching', 'updatedAt', now)
else
  set_job_state('queued', 'updatedAt', now)
end
log_event(now, 'event', 'requeued', 'tasks', requeued)
return {'requeued', tostring(requeued)}
