--- @include "lib"
-- Coarsens a job's plan: replaces video tasks whose range could not be cut exactly (and their neighbours)
-- by one new ready task covering all their frames. Done, ready, delayed and running tasks alike become
-- 'merged' (a running attempt is fenced off: its extend and complete fail). The job's 'coarsenRounds'
-- counts the rounds; the rule that picks the tasks and bounds the rounds is Coarsening.java.
-- KEYS: the job's keys, then the hashes of the replaced tasks, then the new task's hash.
-- ARGV:
--   args[1] 'task' (a worker holding a task's lease asks) or 'stitch' (the coordinator holding the stitch lease)
--   args[2] the worker's token, or the coordinator's id
--   args[3] the worker's task id ('' for 'stitch')
--   args[4] the rounds done when the caller chose these tasks (a different count: 'stale')
--   args[5] the most rounds allowed
--   args[6] the new task's spec (JSON)   args[7] its ready score   args[8] why (one line)
-- then the replaced task ids, then the new task id.
-- Reply: {'coarsened', round}, {'limit', rounds}, {'stale', why} (read the tasks again and choose again),
-- or {'rejected', why} (the caller's lease is gone).
begin_call(KEYS, ARGV)
local state = redis.call('HGET', job, 'state')
if args[1] == 'task' then
  if not is_active(state) then
    return {'rejected', 'job is ' .. tostring(state)}
  end
  local own = task_key(args[3])
  if redis.call('HGET', own, 'token') ~= args[2] or redis.call('HGET', own, 'state') ~= 'running' then
    return {'rejected', 'lease lost'}
  end
elseif args[1] == 'stitch' then
  if redis.call('GET', stitch_key) ~= args[2] or state ~= 'stitching' then
    return {'rejected', 'stitch lease not held'}
  end
else
  return {'rejected', 'unknown caller ' .. tostring(args[1])}
end
local task_ids = passed_task_ids()
local rounds = tonumber(redis.call('HGET', job, 'coarsenRounds') or '0')
if rounds >= tonumber(args[5]) then
  return {'limit', tostring(rounds)}
end
if rounds ~= tonumber(args[4]) then
  return {'stale', 'another round ran meanwhile'}
end
local new_id = task_ids[task_count]
if redis.call('EXISTS', task_key(new_id)) == 1 then
  return {'stale', 'task ' .. new_id .. ' exists'}
end
for i = 1, task_count - 1 do
  local st = redis.call('HGET', task_key(task_ids[i]), 'state')
  if st == false or st == 'merged' then
    return {'stale', 'task ' .. task_ids[i] .. ' is ' .. tostring(st)}
  end
end
local now = now_ms()
local replaced = {}
for i = 1, task_count - 1 do
  local tid = task_ids[i]
  if redis.call('HGET', task_key(tid), 'state') == 'done' then
    redis.call('HINCRBY', job, 'tasksDone', -1)
  end
  redis.call('ZREM', ready_key, tid)
  redis.call('ZREM', inflight_key, tid)
  redis.call('ZREM', delayed_key, tid)
  set_task_state(tid, 'merged', 'leaseUntil', '', 'mergedInto', new_id, 'mergedAt', now)
  replaced[#replaced + 1] = tid
end
local new_task = task_key(new_id)
redis.call('HSET', new_task, 'id', new_id, 'kind', 'video', 'spec', args[6], 'state', 'ready', 'attempts', 0,
  'score', args[7], 'replaces', table.concat(replaced, ','))
redis.call('ZADD', ready_key, tonumber(args[7]), new_id)
redis.call('RPUSH', tasks_key, new_id)
redis.call('HINCRBY', job, 'tasksTotal', 1 - #replaced)
redis.call('HSET', job, 'coarsenRounds', rounds + 1, 'updatedAt', now)
if state == 'stitching' then
  redis.call('DEL', stitch_key)
  redis.call('HDEL', job, 'stitchAttempts', 'stitchError')
  set_job_state('running')
end
log_event(now, 'event', 'coarsened', 'tasks', table.concat(replaced, ','), 'into', new_id,
  'round', rounds + 1, 'reason', args[8])
return {'coarsened', tostring(rounds + 1)}
