-- Records one running task's progress, only while its job is active: a worker still encoding a chunk of a
-- job that was cancelled (it finds out at its next lease extension) writes nothing the cleanup would miss.
-- KEYS[1]: the job's hash, KEYS[2]: the job's progress hash. ARGV[1]: task id, ARGV[2]: progress (JSON).
-- Reply: 1 when written, 0 when the job is no longer active.
local state = redis.call('HGET', KEYS[1], 'state')
if state ~= 'queued' and state ~= 'running' then
  return 0
end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
return 1
