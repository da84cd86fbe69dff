-- Shared by every queue script (prepended when a script is loaded).
-- KEYS[1] is always a job's hash; every other key of the job is KEYS[1] plus a suffix, so all of a
-- job's keys share its {hash tag} and each script touches one cluster slot.
local job = KEYS[1]

local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

local function task_key(tid)
  return job .. ':task:' .. tid
end

local function is_active(state)
  return state == 'queued' or state == 'running'
end

local function log_event(now, ...)
  redis.call('XADD', job .. ':log', 'MAXLEN', '~', 1000, '*', 'at', now, ...)
end

local function add_history(tid, now, reason)
  local task = task_key(tid)
  local history = cjson.decode(redis.call('HGET', task, 'history') or '[]')
  table.insert(history, {attempt = tonumber(redis.call('HGET', task, 'attempts') or '0'), at = now,
    worker = redis.call('HGET', task, 'worker') or '', error = reason})
  redis.call('HSET', task, 'history', cjson.encode(history), 'error', reason)
end

-- Failing a job revokes every lease at once: extend and complete check the job's state.
local function fail_job(now, reason)
  redis.call('HSET', job, 'state', 'failed', 'reason', reason, 'updatedAt', now, 'finishedAt', now)
  redis.call('DEL', job .. ':ready', job .. ':delayed', job .. ':inflight')
  log_event(now, 'event', 'job-failed', 'reason', reason)
end

local function make_ready(tid, now)
  local task = task_key(tid)
  redis.call('HSET', task, 'state', 'ready', 'leaseUntil', '')
  redis.call('ZADD', job .. ':ready', tonumber(redis.call('HGET', task, 'score') or '0'), tid)
end

-- Webhook delivery scripts (KEYS[1] is then the webhook base key): a delivery becomes due on its
-- endpoint host's queue at `at`; the coordinators' delivery loops are woken.
local function webhook_due(base, host, id, at)
  redis.call('ZADD', base .. ':host:' .. host, at, id)
  redis.call('SADD', base .. ':hosts', host)
end

local function webhook_wake(base)
  redis.call('LPUSH', base .. ':signal', '1')
  redis.call('LTRIM', base .. ':signal', 0, 63)
end
