-- Records a task's result. ARGV[1]: task id, ARGV[2]: token, ARGV[3]: result (the attempt's file),
-- ARGV[4]: the frames the result holds when they differ from the plan ('' or absent: as planned).
-- A stale token is rejected: that attempt's file must not be used. The last task moves the job
-- to 'stitching'. Returns {'accepted', 'last'|''} or {'rejected', why}.
local task = task_key(ARGV[1])
local state = redis.call('HGET', job, 'state')
if not is_active(state) then
  return {'rejected', 'job is ' .. tostring(state)}
end
if redis.call('HGET', task, 'token') ~= ARGV[2] or redis.call('HGET', task, 'state') ~= 'running' then
  return {'rejected', 'lease lost: task is ' .. tostring(redis.call('HGET', task, 'state'))
    .. ' with token ' .. tostring(redis.call('HGET', task, 'token'))}
end
local now = now_ms()
redis.call('HSET', task, 'state', 'done', 'result', ARGV[3], 'finishedAt', now, 'leaseUntil', '')
if ARGV[4] and ARGV[4] ~= '' then
  redis.call('HSET', task, 'frames', ARGV[4])
end
redis.call('ZREM', job .. ':inflight', ARGV[1])
local done = redis.call('HINCRBY', job, 'tasksDone', 1)
redis.call('HSET', job, 'updatedAt', now)
log_event(now, 'event', 'done', 'task', ARGV[1], 'token', ARGV[2])
if done >= tonumber(redis.call('HGET', job, 'tasksTotal')) then
  redis.call('HSET', job, 'state', 'stitching', 'encodedAt', now)
  log_event(now, 'event', 'encoded')
  return {'accepted', 'last'}
end
return {'accepted', ''}
