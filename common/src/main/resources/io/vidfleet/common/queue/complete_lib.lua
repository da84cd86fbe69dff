-- The completion transition, shared by complete.lua and complete_claim.lua (include after "lib").
-- Records a task's result. A stale token is rejected: that attempt's file must not be used. The last
-- task moves the job to 'stitching'.
-- Arguments: the task's id, the attempt's token, its result (the attempt's file), the frames the result
-- holds when they differ from the plan ('' or nil: as planned).
-- Reply: {'accepted', 'last'|''|'again'} or {'rejected', why}; 'again' for a retry of an accepted completion.
local function complete_task(tid, token, result, frames)
  local mine = redis.call('HMGET', task_key(tid), 'token', 'state', 'result')
  if mine[1] == token and mine[2] == 'done' and mine[3] == result then
    return {'accepted', 'again'} -- a retry whose first try went through (its reply was lost)
  end
  local job_fields = redis.call('HMGET', job, 'state', 'tasksTotal', 'tasksDone')
  if not is_active(job_fields[1]) then
    return {'rejected', 'job is ' .. tostring(job_fields[1])}
  end
  if mine[1] ~= token or mine[2] ~= 'running' then
    return {'rejected', 'lease lost: task is ' .. tostring(mine[2]) .. ' with token ' .. tostring(mine[1])}
  end
  local now = now_ms()
  if frames and frames ~= '' then
    move_task(tid, mine[2], 'done', 'result', result, 'finishedAt', now, 'leaseUntil', '', 'frames', frames)
  else
    move_task(tid, mine[2], 'done', 'result', result, 'finishedAt', now, 'leaseUntil', '')
  end
  redis.call('ZREM', inflight_key, tid)
  local done = tonumber(job_fields[3] or '0') + 1
  log_event(now, 'event', 'done', 'task', tid, 'token', token)
  if done >= tonumber(job_fields[2]) then
    move_job(job_fields[1], 'stitching', 'tasksDone', done, 'encodedAt', now, 'updatedAt', now)
    log_event(now, 'event', 'encoded')
    return {'accepted', 'last'}
  end
  redis.call('HSET', job, 'tasksDone', done, 'updatedAt', now)
  return {'accepted', ''}
end
