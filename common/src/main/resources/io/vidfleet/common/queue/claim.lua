--- @include "lib"
-- Moves the job's best ready task to in-flight under a new lease. The deadline comes from Redis's
-- clock; the token (a per-job counter) fences every later call.
-- KEYS: the job's keys, then the hashes of the candidates: the tasks the caller expects at the head of
-- the ready set (the head an earlier reply named; none on a first claim); on a single Redis, the queue's backlog.
-- ARGV: the candidate ids (and '+backlog'), then args[1] worker id, args[2] the head's size: how many of the best
-- ready tasks a candidate may be among, and a reply names, args[3] the job's prefix of backlog members ('JOB/').
-- Reply: {'ok', tid, token, attempt, leaseMs, spec, input, profile, jobStarted, the ready set's new head...},
-- {'empty'} (only delayed tasks), {'drained'}, {'inactive'}, or {'moved', the ready set's head...}
-- (no candidate is in the head: call again with some of these).
local job_fields = redis.call('HMGET', job, 'state', 'leaseMs', 'input', 'profile')
local state = job_fields[1]
if not is_active(state) then
  return {'inactive'}
end
local head = redis.call('ZRANGE', ready_key, 0, tonumber(args[2]) - 1)
local tid = nil
local rest = {}
for _, id in ipairs(head) do
  if tid == nil and task_keys[id] ~= nil then
    tid = id
  else
    rest[#rest + 1] = id
  end
end
if tid == nil then
  if #head > 0 then
    return {'moved', unpack(head)}
  end
  if redis.call('ZCARD', delayed_key) == 0 then
    return {'drained'}
  end
  return {'empty'}
end
local task = task_key(tid)
local now = now_ms()
local lease = tonumber(job_fields[2])
local token = redis.call('HINCRBY', job, 'tokenSeq', 1)
local attempt = redis.call('HINCRBY', task, 'attempts', 1)
redis.call('ZREM', ready_key, tid)
if backlog_key ~= nil then
  redis.call('ZREM', backlog_key, args[3] .. tid)
end
redis.call('ZADD', inflight_key, now + lease, tid)
set_task_state(tid, 'running', 'token', token, 'worker', args[1], 'leaseUntil', now + lease, 'claimedAt', now)
local started = ''
if state == 'queued' then
  set_job_state('running', 'startedAt', now, 'updatedAt', now)
  started = 'started'
else
  redis.call('HSET', job, 'updatedAt', now)
end
log_event(now, 'event', 'claimed', 'task', tid, 'worker', args[1], 'token', token, 'attempt', attempt)
return {'ok', tid, tostring(token), tostring(attempt), tostring(lease), redis.call('HGET', task, 'spec'),
  job_fields[3], job_fields[4], started, unpack(rest)}
