--- @include "lib"
-- Records a task's result. A stale token is rejected: that attempt's file must not be used. The last
-- task moves the job to 'stitching'.
-- KEYS: the job's keys, then the task's hash. ARGV: task id, then args[1] token, args[2] result (the attempt's file),
-- args[3] the frames the result holds when they differ from the plan ('' or absent: as planned).
-- Reply: {'accepted', 'last'|''|'again'} or {'rejected', why}; 'again' for a retry of an accepted completion.
local tid = ARGV[1]
local task = task_key(tid)
local mine = redis.call('HMGET', task, 'token', 'state', 'result')
if mine[1] == args[1] and mine[2] == 'done' and mine[3] == args[2] then
  return {'accepted', 'again'} -- a retry whose first try went through (its reply was lost)
end
local job_fields = redis.call('HMGET', job, 'state', 'tasksTotal')
if not is_active(job_fields[1]) then
  return {'rejected', 'job is ' .. tostring(job_fields[1])}
end
if mine[1] ~= args[1] or mine[2] ~= 'running' then
  return {'rejected', 'lease lost: task is ' .. tostring(mine[2]) .. ' with token ' .. tostring(mine[1])}
end
local now = now_ms()
if args[3] and args[3] ~= '' then
  set_task_state(tid, 'done', 'result', args[2], 'finishedAt', now, 'leaseUntil', '', 'frames', args[3])
else
  set_task_state(tid, 'done', 'result', args[2], 'finishedAt', now, 'leaseUntil', '')
end
redis.call('ZREM', inflight_key, tid)
local done = redis.call('HINCRBY', job, 'tasksDone', 1)
log_event(now, 'event', 'done', 'task', tid, 'token', args[1])
if done >= tonumber(job_fields[2]) then
  set_job_state('stitching', 'encodedAt', now, 'updatedAt', now)
  log_event(now, 'event', 'encoded')
  return {'accepted', 'last'}
end
redis.call('HSET', job, 'updatedAt', now)
return {'accepted', ''}
