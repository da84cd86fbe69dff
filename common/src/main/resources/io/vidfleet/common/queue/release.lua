-- Gives a claimed task back at once (its worker is shutting down): ready again, this attempt not
-- counted. ARGV[1]: task id, ARGV[2]: token. Returns 1, or 0 when the lease was no longer held.
local task = task_key(ARGV[1])
if not is_active(redis.call('HGET', job, 'state')) or redis.call('HGET', task, 'token') ~= ARGV[2]
    or redis.call('HGET', task, 'state') ~= 'running' then
  return 0
end
local now = now_ms()
redis.call('ZREM', job .. ':inflight', ARGV[1])
redis.call('HINCRBY', task, 'attempts', -1)
make_ready(ARGV[1], now)
log_event(now, 'event', 'released', 'task', ARGV[1], 'worker', tostring(redis.call('HGET', task, 'worker')))
return 1
