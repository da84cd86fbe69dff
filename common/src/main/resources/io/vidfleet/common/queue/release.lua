--- @include "lib"
-- Gives a claimed task back at once (its worker is shutting down): ready again, this attempt not counted.
-- KEYS: the job's keys, then the task's hash. ARGV: task id, then args[1] token.
-- Reply: 1, or 0 when the lease was no longer held.
local tid = ARGV[1]
local task = task_key(tid)
if not is_active(redis.call('HGET', job, 'state')) or redis.call('HGET', task, 'token') ~= args[1]
    or redis.call('HGET', task, 'state') ~= 'running' then
  return 0
end
local now = now_ms()
redis.call('ZREM', inflight_key, tid)
redis.call('HINCRBY', task, 'attempts', -1)
make_ready(tid, now)
log_event(now, 'event', 'released', 'task', tid, 'worker', tostring(redis.call('HGET', task, 'worker')))
return 1
