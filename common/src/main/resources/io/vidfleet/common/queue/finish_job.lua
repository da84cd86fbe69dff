-- Ends a stitched job, only for the coordinator that holds its stitch lease. ARGV[1]: owner,
-- ARGV[2]: 'done' or 'failed', ARGV[3]: reason, ARGV[4]: output. Returns {'ok'} or {'lost', why}.
if redis.call('GET', job .. ':stitch') ~= ARGV[1] then
  return {'lost', 'stitch lease not held'}
end
local state = redis.call('HGET', job, 'state')
if state ~= 'stitching' then
  return {'lost', 'job is ' .. tostring(state)}
end
local now = now_ms()
redis.call('HSET', job, 'state', ARGV[2], 'reason', ARGV[3], 'output', ARGV[4], 'updatedAt', now, 'finishedAt', now)
redis.call('DEL', job .. ':stitch')
log_event(now, 'event', 'job-' .. ARGV[2], 'reason', ARGV[3])
return {'ok'}
