--- @include "lib"
-- Extends a lease. Only the holder of the current token may extend, and only while the task runs and
-- the job is active.
-- KEYS: the job's keys, then the task's hash. ARGV: args[1] token, then the task id.
-- Reply: {'ok', deadline} or {'lost', why}.
begin_call(KEYS, ARGV)
local tid = task_id(1)
local task = task_key(tid)
local state = redis.call('HGET', job, 'state')
if not is_active(state) then
  return {'lost', 'job is ' .. tostring(state)}
end
if redis.call('HGET', task, 'token') ~= args[1] then
  return {'lost', 'task was claimed again with another token'}
end
if redis.call('HGET', task, 'state') ~= 'running' then
  return {'lost', 'task is ' .. tostring(redis.call('HGET', task, 'state'))}
end
local now = now_ms()
local deadline = now + tonumber(redis.call('HGET', job, 'leaseMs'))
redis.call('HSET', task, 'leaseUntil', deadline)
redis.call('ZADD', inflight_key, deadline, tid)
return {'ok', tostring(deadline)}
