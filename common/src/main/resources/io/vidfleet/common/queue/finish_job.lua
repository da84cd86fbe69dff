--- @include "lib"
-- Ends a stitched job, only for the coordinator that holds its stitch lease.
-- KEYS: the job's keys. ARGV: args[1] owner, args[2] 'done' or 'failed', args[3] reason, args[4] output.
-- Reply: {'ok'} or {'lost', why}.
begin_call(KEYS, ARGV)
if redis.call('GET', stitch_key) ~= args[1] then
  return {'lost', 'stitch lease not held'}
end
local state = redis.call('HGET', job, 'state')
if state ~= 'stitching' then
  return {'lost', 'job is ' .. tostring(state)}
end
if (args[2] ~= 'done' and args[2] ~= 'failed') or not job_may_move(args[2]) then
  return {'lost', 'a stitch ends in done or failed, not ' .. tostring(args[2])}
end
local now = now_ms()
set_job_state(args[2], 'reason', args[3], 'output', args[4], 'updatedAt', now, 'finishedAt', now)
redis.call('DEL', stitch_key)
log_event(now, 'event', 'job-' .. args[2], 'reason', args[3])
return {'ok'}
