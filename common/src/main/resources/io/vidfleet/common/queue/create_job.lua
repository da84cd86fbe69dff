-- Creates a job and its tasks in one step. ARGV[1]: the job's fields as a JSON object;
-- ARGV[2]: JSON array of {id, score, fields}. Returns 0 when the job already exists.
if redis.call('EXISTS', job) == 1 then
  return 0
end
local now = now_ms()
local fields = cjson.decode(ARGV[1])
for name, value in pairs(fields) do
  redis.call('HSET', job, name, tostring(value))
end
redis.call('HSET', job, 'state', 'queued', 'createdAt', now, 'updatedAt', now, 'tasksDone', 0, 'tokenSeq', 0)
local tasks = cjson.decode(ARGV[2])
for _, t in ipairs(tasks) do
  local task = task_key(t.id)
  for name, value in pairs(t.fields) do
    redis.call('HSET', task, name, tostring(value))
  end
  redis.call('HSET', task, 'state', 'ready', 'attempts', 0, 'score', t.score)
  redis.call('ZADD', job .. ':ready', t.score, t.id)
  redis.call('RPUSH', job .. ':tasks', t.id)
end
redis.call('HSET', job, 'tasksTotal', #tasks)
log_event(now, 'event', 'job-created', 'tasks', #tasks)
return now
