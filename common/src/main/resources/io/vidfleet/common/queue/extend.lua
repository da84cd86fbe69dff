-- Extends a lease. ARGV[1]: task id, ARGV[2]: token. Only the holder of the current token may
-- extend, and only while the task runs and the job is active. Returns {'ok', deadline} or {'lost', why}.
local task = task_key(ARGV[1])
local state = redis.call('HGET', job, 'state')
if not is_active(state) then
  return {'lost', 'job is ' .. tostring(state)}
end
if redis.call('HGET', task, 'token') ~= ARGV[2] then
  return {'lost', 'task was claimed again with another token'}
end
if redis.call('HGET', task, 'state') ~= 'running' then
  return {'lost', 'task is ' .. tostring(redis.call('HGET', task, 'state'))}
end
local now = now_ms()
local deadline = now + tonumber(redis.call('HGET', job, 'leaseMs'))
redis.call('HSET', task, 'leaseUntil', deadline)
redis.call('ZADD', job .. ':inflight', deadline, ARGV[1])
return {'ok', tostring(deadline)}
