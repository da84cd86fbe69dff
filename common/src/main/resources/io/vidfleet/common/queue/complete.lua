--- @include "lib"
-- Records a task's result. A stale token is rejected: that attempt's file must not be used. The last
-- task moves the job to 'stitching'.
-- KEYS: the job's keys, then the task's hash. ARGV: task id, then args[1] token, args[2] result (the attempt's file),
-- args[3] the frames the result holds when they differ from the plan ('' or absent: as planned).
-- Reply: {'accepted', 'last'|''|'again'} or {'rejected', why}; 'again' for a retry of an accepted completion.
local tid = ARGV[1]
local task = task_key(tid)
if redis.call('HGET', task, 'token') == args[1] and redis.call('HGET', task, 'state') == 'done'
    and redis.call('HGET', task, 'result') == args[2] then
  return {'accepted', 'again'} -- a retry whose first try went through (its reply was lost)
end
local state = redis.call('HGET', job, 'state')
if not is_active(state) then
  return {'rejected', 'job is ' .. tostring(state)}
end
if redis.call('HGET', task, 'token') ~= args[1] or redis.call('HGET', task, 'state') ~= 'running' then
  return {'rejected', 'lease lost: task is ' .. tostring(redis.call('HGET', task, 'state'))
    .. ' with token ' .. tostring(redis.call('HGET', task, 'token'))}
end
local now = now_ms()
set_task_state(tid, 'done', 'result', args[2], 'finishedAt', now, 'leaseUntil', '')
redis.call('ZREM', inflight_key, tid)
if args[3] and args[3] ~= '' then
  redis.call('HSET', task, 'frames', args[3])
end
local done = redis.call('HINCRBY', job, 'tasksDone', 1)
redis.call('HSET', job, 'updatedAt', now)
log_event(now, 'event', 'done', 'task', tid, 'token', args[1])
if done >= tonumber(redis.call('HGET', job, 'tasksTotal')) then
  set_job_state('stitching', 'encodedAt', now)
  log_event(now, 'event', 'encoded')
  return {'accepted', 'last'}
end
return {'accepted', ''}
