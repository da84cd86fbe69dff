-- Shared helpers, included by every script that works on one job (`--- @include "lib"`).
--
-- Every such script gets, and touches only, the keys passed to it:
--   KEYS[1] job hash   KEYS[2] ready   KEYS[3] inflight   KEYS[4] delayed
--   KEYS[5] dead       KEYS[6] tasks   KEYS[7] log        KEYS[8] stitch lease
--   (RedisKeys.jobKeys: the one place these names are made), then
--   KEYS[9..8+n] the hashes of the n tasks the script may touch.
--   ARGV holds the script's own arguments (args[1..]: first, so that args is ARGV itself and no copy is
--   made), then those n keys' ids, in the same order.
--   On a single Redis only (never a cluster: they live in other slots), the last of those n keys may be the
--   queue's own, each named by a pseudo-id that starts with '+' (no task id can): '+backlog', the queue's
--   backlog; '+index', a queue index, repeated in the order a claim would try them. They are kept apart
--   from the tasks in queue_keys[pseudo-id] (a list), and task_key refuses a pseudo-id, so no script can
--   take one for a task.
-- All of a job's keys share its {hash tag}, so each script touches one cluster slot. task_key(tid)
-- fails the script for a task that was not passed: no script can reach a key it was not given.
-- State moves go through set_job_state / set_task_state (or move_job / move_task when the script has read
-- the state already), which refuse a move the tables do not allow.
--- @include "states"
-- What a call works on, set by begin_call, which every script's body calls first: the helpers below are
-- defined once per Redis function library (LuaScript) and read the call they serve from these.
local call_keys, args -- KEYS and ARGV
local job, ready_key, inflight_key, delayed_key, dead_key, tasks_key, log_key, stitch_key
local id_base, task_count, queue_keys, backlog_key
local now_read, job_read, task_index -- read once per call (now_ms, read_job, task_position)

-- No table of the passed tasks is built: a hot call looks up one or two of them (task_position).
local function begin_call(keys, argv)
  call_keys, args = keys, argv
  job, ready_key, inflight_key, delayed_key = keys[1], keys[2], keys[3], keys[4]
  dead_key, tasks_key, log_key, stitch_key = keys[5], keys[6], keys[7], keys[8]
  local passed = math.max(0, #keys - 8)
  id_base = #argv - passed -- argv[id_base + i] names keys[8 + i]
  task_count = passed -- the pseudo-ids come last
  while task_count > 0 and string.byte(argv[id_base + task_count], 1) == 43 do -- '+'
    task_count = task_count - 1
  end
  queue_keys = {}
  for i = task_count + 1, passed do
    local id = argv[id_base + i]
    queue_keys[id] = queue_keys[id] or {}
    table.insert(queue_keys[id], keys[8 + i])
  end
  backlog_key = queue_keys['+backlog'] and queue_keys['+backlog'][1]
  now_read, job_read, task_index = nil, nil, nil
end

-- Drops what begin_call kept (LuaScript runs it after the body of a Redis function): the library outlives the
-- call, and a job-wide call's tables (its whole task list) must not stay referenced.
local function end_call()
  call_keys, args, queue_keys, job_read, task_index = nil, nil, nil, nil, nil
end

-- One reading of Redis's clock per call: a script that runs two transitions gives both the same time.
local function now_ms()
  if now_read == nil then
    local t = redis.call('TIME')
    now_read = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
  end
  return now_read
end

-- The job hash's fields the transitions read, read once per call: a script that runs two transitions
-- (complete_claim.lua) reads the job once. A move of the job forgets it, so nothing reads a stale state.
local function read_job()
  if job_read == nil then
    local v = redis.call('HMGET', job, 'state', 'tasksTotal', 'tasksDone', 'leaseMs', 'input', 'profile', 'tokenSeq')
    job_read = {state = v[1], tasksTotal = v[2], tasksDone = v[3], leaseMs = v[4], input = v[5], profile = v[6],
      tokenSeq = v[7]}
  end
  return job_read
end

-- The i-th task passed (1 <= i <= task_count), and all of them in order (for scripts that walk every task).
local function task_id(i)
  return args[id_base + i]
end

local function passed_task_ids()
  local ids = {}
  for i = 1, task_count do
    ids[i] = task_id(i)
  end
  return ids
end

-- Where tid was passed (nil if it was not): a scan for the few tasks of a hot call, a table built once for the
-- whole task list a job-wide script passes. A pseudo-id is never a task.
local function task_position(tid)
  if tid == nil or string.byte(tid, 1) == 43 then -- '+'
    return nil
  end
  if task_count <= 32 then
    for i = 1, task_count do
      if task_id(i) == tid then
        return i
      end
    end
    return nil
  end
  if task_index == nil then
    task_index = {}
    for i = 1, task_count do
      task_index[task_id(i)] = i
    end
  end
  return task_index[tid]
end

local function task_key(tid)
  local i = task_position(tid)
  if i == nil then
    error('task ' .. tostring(tid) .. ' was not passed in KEYS')
  end
  return call_keys[8 + i]
end

local function allowed(moves, from, to)
  return from == to or string.find(moves, ' ' .. tostring(from) .. '>' .. to .. ' ', 1, true) ~= nil
end

local function job_may_move(to)
  return allowed(JOB_MOVES, redis.call('HGET', job, 'state'), to)
end

-- A script checks its preconditions before it writes, so these errors mean a bug, never a user's input.
local function move_job(from, to, ...)
  if not allowed(JOB_MOVES, from, to) then
    error('illegal job move ' .. tostring(from) .. ' -> ' .. to)
  end
  job_read = nil
  redis.call('HSET', job, 'state', to, ...)
end

local function set_job_state(to, ...)
  move_job(redis.call('HGET', job, 'state'), to, ...)
end

local function move_task(tid, from, to, ...)
  if not allowed(TASK_MOVES, from, to) then
    error('illegal task move ' .. tostring(from) .. ' -> ' .. to .. ' for ' .. tid)
  end
  redis.call('HSET', task_key(tid), 'state', to, ...)
end

local function set_task_state(tid, to, ...)
  move_task(tid, redis.call('HGET', task_key(tid), 'state'), to, ...)
end

local function is_active(state)
  return state == 'queued' or state == 'running'
end

-- Numbers go to Redis as text made with '%d': Redis 7.0 makes text of a Lua number with printf's '%.17g',
-- several times slower, and a completion that claims along passes a dozen. MAXLEN is a string for that reason.
local function int_text(n)
  return string.format('%d', n)
end

-- `now`: a number or, on the hot paths, int_text's text of it
local function log_event(now, ...)
  redis.call('XADD', log_key, 'MAXLEN', '~', '1000', '*', 'at', now, ...)
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
  set_job_state('failed', 'reason', reason, 'updatedAt', now, 'finishedAt', now)
  redis.call('DEL', ready_key, delayed_key, inflight_key)
  log_event(now, 'event', 'job-failed', 'reason', reason)
end

local function make_ready(tid, now)
  set_task_state(tid, 'ready', 'leaseUntil', '')
  redis.call('ZADD', ready_key, tonumber(redis.call('HGET', task_key(tid), 'score') or '0'), tid)
end
