-- Cancels a job that is not done (a failed one too): no task is handed out again, every lease is
-- revoked (workers find out at their next extension and stop), and every key of the job but its hash
-- is deleted (but its webhooks, which the coordinator still sends). Returns {'cancelled'}, {'final', state} or {'missing'}.
local state = redis.call('HGET', job, 'state')
if state == false then
  return {'missing'}
end
if state == 'done' or state == 'cancelled' then
  return {'final', state}
end
local now = now_ms()
for _, tid in ipairs(redis.call('LRANGE', job .. ':tasks', 0, -1)) do
  redis.call('DEL', task_key(tid))
end
redis.call('DEL', job .. ':ready', job .. ':delayed', job .. ':inflight', job .. ':stitch', job .. ':dead',
  job .. ':tasks', job .. ':log', job .. ':progress')
redis.call('HSET', job, 'state', 'cancelled', 'reason', ARGV[1], 'updatedAt', now, 'finishedAt', now)
return {'cancelled'}
