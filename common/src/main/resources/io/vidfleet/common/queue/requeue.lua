-- Sends a failed job back to work: every task that is not done (dead, lost, or cut short when the job
-- failed) is ready again with a fresh attempt count; done tasks keep their results. A job whose tasks
-- were all done (its stitch failed) goes straight back to stitching.
-- Returns {'requeued', count}, {'missing'} or {'not-failed', state}.
local state = redis.call('HGET', job, 'state')
if state == false then
  return {'missing'}
end
if state ~= 'failed' then
  return {'not-failed', state}
end
local now = now_ms()
local requeued = 0
for _, tid in ipairs(redis.call('LRANGE', job .. ':tasks', 0, -1)) do
  local task = task_key(tid)
  if redis.call('HGET', task, 'state') ~= 'done' then
    redis.call('HSET', task, 'attempts', 0)
    redis.call('HDEL', task, 'retryAt', 'token')
    make_ready(tid, now)
    requeued = requeued + 1
  end
end
redis.call('DEL', job .. ':dead', job .. ':inflight', job .. ':delayed')
redis.call('HDEL', job, 'reason', 'finishedAt', 'notified')
if requeued == 0 then
  redis.call('HSET', job, 'state', 'stitching', 'updatedAt', now)
else
  redis.call('HSET', job, 'state', 'queued', 'updatedAt', now)
end
log_event(now, 'event', 'requeued', 'tasks', requeued)
return {'requeued', tostring(requeued)}
