--- @include "lib"
-- Creates a job and its tasks in one step.
-- KEYS: the job's keys, then every task's hash. ARGV: args[1] the job's fields as a
-- JSON object, args[2] a JSON array of {id, score, fields} in plan order; then the task ids.
-- Reply: the creation time (ms, Redis time), or 0 when the job already exists.
begin_call(KEYS, ARGV)
if redis.call('EXISTS', job) == 1 then
  return 0
end
local now = now_ms()
local fields = cjson.decode(args[1])
for name, value in pairs(fields) do
  redis.call('HSET', job, name, tostring(value))
end
redis.call('HSET', job, 'state', 'queued', 'createdAt', now, 'updatedAt', now, 'tasksDone', 0, 'tokenSeq', 0)
local tasks = cjson.decode(args[2])
for _, t in ipairs(tasks) do
  local task = task_key(t.id)
  for name, value in pairs(t.fields) do
    redis.call('HSET', task, name, tostring(value))
  end
  redis.call('HSET', task, 'state', 'ready', 'attempts', 0, 'score', t.score)
  redis.call('ZADD', ready_key, t.score, t.id)
  redis.call('RPUSH', tasks_key, t.id)
end
redis.call('HSET', job, 'tasksTotal', #tasks)
log_event(now, 'event', 'job-created', 'tasks', #tasks)
return now
