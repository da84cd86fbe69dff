--- @include "lib"
-- Returns expired leases to ready (or, past the delivery limit or under at-most-once delivery, gives
-- up on them) and promotes delayed retries whose time has come, all on Redis's clock.
-- KEYS: the job's keys, then the hashes of the candidates (the soonest deadlines of the inflight and
-- delayed sets as the caller saw them; only those due by Redis's clock move).
-- ARGV: the candidate ids.
-- Reply: {madeReady, jobState, readyCount, expiredLeases}.
begin_call(KEYS, ARGV)
local state = redis.call('HGET', job, 'state')
if not is_active(state) then
  return {0, tostring(state), 0, 0}
end
local now = now_ms()
local moved = 0
local expired = 0
local max = tonumber(redis.call('HGET', job, 'maxAttempts'))
for _, tid in ipairs(passed_task_ids()) do
  local deadline = redis.call('ZSCORE', inflight_key, tid)
  if deadline and tonumber(deadline) <= now then
    redis.call('ZREM', inflight_key, tid)
    expired = expired + 1
    local task = task_key(tid)
    local attempts = tonumber(redis.call('HGET', task, 'attempts'))
    add_history(tid, now, 'lease expired (worker ' .. tostring(redis.call('HGET', task, 'worker')) .. ' stopped renewing it)')
    log_event(now, 'event', 'lease-expired', 'task', tid, 'attempt', attempts)
    if redis.call('HGET', job, 'delivery') == 'at-most-once' then
      set_task_state(tid, 'lost', 'leaseUntil', '')
      fail_job(now, 'task ' .. tid .. ' lost: its worker stopped renewing the lease and at-most-once delivery never redelivers')
      return {moved, 'failed', 0, expired}
    end
    if attempts >= max then
      set_task_state(tid, 'dead', 'leaseUntil', '')
      redis.call('RPUSH', dead_key, tid)
      fail_job(now, 'task ' .. tid .. ' dead-lettered: delivered ' .. attempts .. ' times and every worker vanished without a result')
      return {moved, 'failed', 0, expired}
    end
    make_ready(tid, now)
    moved = moved + 1
  else
    local due = redis.call('ZSCORE', delayed_key, tid)
    if due and tonumber(due) <= now then
      redis.call('ZREM', delayed_key, tid)
      redis.call('HDEL', task_key(tid), 'retryAt')
      make_ready(tid, now)
      moved = moved + 1
    end
  end
end
return {moved, state, redis.call('ZCARD', ready_key), expired}
