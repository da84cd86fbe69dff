--- @include "lib"
-- Moves the job's best ready task to in-flight under a new lease. The deadline comes from Redis's
-- clock; the token (a per-job counter) fences every later call.
-- KEYS: the job's keys, then the hashes of the candidates (the head of the ready set as the caller saw it).
-- ARGV: the candidate ids, best first, then args[1] worker id.
-- Reply: {'ok', tid, token, attempt, leaseMs, spec, input, profile, jobStarted}, {'empty'} (only delayed
-- tasks), {'drained'}, {'inactive'}, or {'moved'} (every candidate was taken: read the ready set again).
local state = redis.call('HGET', job, 'state')
if not is_active(state) then
  return {'inactive'}
end
local tid = nil
for _, candidate in ipairs(task_ids) do
  if redis.call('ZSCORE', ready_key, candidate) then
    tid = candidate
    break
  end
end
if tid == nil then
  if redis.call('ZCARD', ready_key) > 0 then
    return {'moved'}
  end
  if redis.call('ZCARD', delayed_key) == 0 then
    return {'drained'}
  end
  return {'empty'}
end
local task = task_key(tid)
local now = now_ms()
local lease = tonumber(redis.call('HGET', job, 'leaseMs'))
local token = redis.call('HINCRBY', job, 'tokenSeq', 1)
local attempt = redis.call('HINCRBY', task, 'attempts', 1)
redis.call('ZREM', ready_key, tid)
redis.call('ZADD', inflight_key, now + lease, tid)
set_task_state(tid, 'running', 'token', token, 'worker', args[1], 'leaseUntil', now + lease, 'claimedAt', now)
local started = ''
if state == 'queued' then
  set_job_state('running', 'startedAt', now)
  started = 'started'
end
redis.call('HSET', job, 'updatedAt', now)
log_event(now, 'event', 'claimed', 'task', tid, 'worker', args[1], 'token', token, 'attempt', attempt)
return {'ok', tid, tostring(token), tostring(attempt), tostring(lease), redis.call('HGET', task, 'spec'),
  redis.call('HGET', job, 'input'), redis.call('HGET', job, 'profile'), started}
