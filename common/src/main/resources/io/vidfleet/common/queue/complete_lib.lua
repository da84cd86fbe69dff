-- The completion transition, shared by complete.lua and complete_claim.lua (include after "lib").
-- Records a task's result. A stale token is rejected: that attempt's file must not be used. The last
-- task moves the job to 'stitching'.
-- Arguments: the task's id, the attempt's token, its result (the attempt's file), the frames the result
-- holds when they differ from the plan ('' or nil: as planned); hand_over_counters: true when the caller
-- writes the job hash itself right after (a claim made along), so a completion that is not the last
-- leaves its counters to that write instead of writing the job twice.
-- Reply: {'accepted', 'last'|''|'again'} or {'rejected', why}; 'again' for a retry of an accepted completion.
-- With hand_over_counters, an accepted completion that is not the last replies {'accepted', '', fields},
-- fields being what the caller must HSET on the job.
local function complete_task(tid, token, result, frames, hand_over_counters)
  local mine = redis.call('HMGET', task_key(tid), 'token', 'state', 'result')
  if mine[1] == token and mine[2] == 'done' and mine[3] == result then
    return {'accepted', 'again'} -- a retry whose first try went through (its reply was lost)
  end
  local job_fields = read_job()
  if not is_active(job_fields.state) then
    return {'rejected', 'job is ' .. tostring(job_fields.state)}
  end
  if mine[1] ~= token or mine[2] ~= 'running' then
    return {'rejected', 'lease lost: task is ' .. tostring(mine[2]) .. ' with token ' .. tostring(mine[1])}
  end
  local at = int_text(now_ms())
  if frames and frames ~= '' then
    move_task(tid, mine[2], 'done', 'result', result, 'finishedAt', at, 'leaseUntil', '', 'frames', frames)
  else
    move_task(tid, mine[2], 'done', 'result', result, 'finishedAt', at, 'leaseUntil', '')
  end
  redis.call('ZREM', inflight_key, tid)
  local done = tonumber(job_fields.tasksDone or '0') + 1
  local done_text = int_text(done)
  log_event(at, 'event', 'done', 'task', tid, 'token', token)
  if done >= tonumber(job_fields.tasksTotal) then
    move_job(job_fields.state, 'stitching', 'tasksDone', done_text, 'encodedAt', at, 'updatedAt', at)
    log_event(at, 'event', 'encoded')
    return {'accepted', 'last'}
  end
  job_fields.tasksDone = done_text
  if hand_over_counters then
    return {'accepted', '', {'tasksDone', done_text, 'updatedAt', at}}
  end
  redis.call('HSET', job, 'tasksDone', done_text, 'updatedAt', at)
  return {'accepted', ''}
end
