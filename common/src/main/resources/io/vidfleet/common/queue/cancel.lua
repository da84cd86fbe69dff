-- Cancels a job that is not done (a failed one too: its kept chunks are then deleted): no task is handed out again and every lease is revoked (their workers
-- find out at their next extension). Returns {'cancelled'} or {'final', state}.
local state = redis.call('HGET', job, 'state')
if state == false then
  return {'missing'}
end
if state == 'done' or state == 'cancelled' then
  return {'final', state}
end
local now = now_ms()
redis.call('HSET', job, 'state', 'cancelled', 'reason', ARGV[1], 'updatedAt', now, 'finishedAt', now)
redis.call('DEL', job .. ':ready', job .. ':delayed', job .. ':inflight', job .. ':stitch')
log_event(now, 'event', 'job-cancelled')
return {'cancelled'}
