-- The claim transition, shared by claim.lua and complete_claim.lua (include after "lib").
-- Moves the job's best ready task to in-flight under a new lease. The deadline comes from Redis's clock;
-- the token (a per-job counter) fences every later call. The candidates are the tasks passed: those the
-- caller expects at the head of the ready set (the head an earlier reply named; none on a first claim).
-- Arguments: the worker's id; head_size, how many of the best ready tasks a candidate may be among;
-- backlog_prefix, the job's prefix of backlog members ('JOB/'); named_text, how many of the head an 'ok' names
-- (as the caller's text: a number given to redis.call is made text with printf's '%.17g', several times slower);
-- job_writes (optional), more fields for the job hash that an 'ok' writes in its own HSET (the caller
-- writes them itself after any other reply).
-- Reply: {'ok', tid, token, attempt, leaseMs, spec, input, profile, jobStarted, the next best ready tasks...},
-- {'empty'} (only delayed tasks), {'drained'}, {'inactive'}, or {'moved', the ready set's head...}
-- (no candidate is in the head: call again with some of these).

-- The first candidate in head[from..], with the rest of head[1..] (up to `named` of them, in order).
local function first_candidate(head, from, named)
  local tid, rest = nil, {}
  for i = from, #head do
    if task_position(head[i]) ~= nil then
      tid = head[i]
      break
    end
  end
  for i = 1, #head do
    if head[i] ~= tid and #rest < named then
      rest[#rest + 1] = head[i]
    end
  end
  return tid, rest
end

local function claim_best(worker, head_size, backlog_prefix, named_text, job_writes)
  local named = tonumber(named_text)
  local job_fields = read_job()
  local state = job_fields.state
  if not is_active(state) then
    return {'inactive'}
  end
  -- the candidates are nearly always among the very first: read those, and the rest of the head only on a miss
  local head = redis.call('ZRANGE', ready_key, '0', named_text)
  local tid, rest = first_candidate(head, 1, named)
  if tid == nil and #head == named + 1 and head_size > named + 1 then
    for _, id in ipairs(redis.call('ZRANGE', ready_key, named + 1, head_size - 1)) do
      head[#head + 1] = id
    end
    tid, rest = first_candidate(head, named + 2, named)
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
  local mine = redis.call('HMGET', task_key(tid), 'state', 'attempts', 'spec')
  local now = now_ms()
  local at = int_text(now)
  local lease = int_text(tonumber(job_fields.leaseMs))
  local lease_until = int_text(now + tonumber(lease))
  local token = int_text(tonumber(job_fields.tokenSeq or '0') + 1)
  local attempt = int_text(tonumber(mine[2] or '0') + 1)
  -- the job first: were the task's move to fail (a record that breaks the tables), what came along is kept
  local started = ''
  local writes = {'tokenSeq', token, 'updatedAt', at}
  for _, value in ipairs(job_writes or {}) do
    writes[#writes + 1] = value
  end
  if state == 'queued' then
    move_job(state, 'running', 'startedAt', at, unpack(writes))
    started = 'started'
  else
    redis.call('HSET', job, unpack(writes))
    job_fields.tokenSeq = token
  end
  redis.call('ZREM', ready_key, tid)
  if backlog_key ~= nil then
    redis.call('ZREM', backlog_key, backlog_prefix .. tid)
  end
  redis.call('ZADD', inflight_key, lease_until, tid)
  move_task(tid, mine[1], 'running', 'attempts', attempt, 'token', token, 'worker', worker,
    'leaseUntil', lease_until, 'claimedAt', at)
  log_event(at, 'event', 'claimed', 'task', tid, 'worker', worker, 'token', token, 'attempt', attempt)
  return {'ok', tid, token, attempt, lease, mine[3], job_fields.input, job_fields.profile,
    started, unpack(rest)}
end
