--- @include "lib"
--- @include "complete_lib"
--- @include "claim_lib"
-- A worker slot's completion and, in the same call, its next claim when that claim would go to this job first:
-- the job heads the first of the worker's queue indexes (in the order its next claim tries them) that is not
-- empty. Any other case is left to a claim of its own, which tries the indexes in that same order.
-- KEYS: the job's keys, the completed task's hash, then the candidates' hashes; then (single Redis only) the
-- queue's backlog ('+backlog') and the worker's queue indexes ('+index', in the order its next claim tries them).
-- ARGV: args[1] token, args[2] result,
-- args[3] frames (complete_lib.lua), args[4] worker id, args[5] head size, args[6] backlog prefix, args[7] how
-- many tasks an 'ok' names (claim_lib.lua), args[8] the job's id; then the completed task's id, the candidates'
-- ids, the pseudo-ids.
-- Reply: complete_lib.lua's two elements, then claim_lib.lua's reply, or {'elsewhere'} when the next claim
-- goes elsewhere first (or none: the job's last task was just done, or the completion was not accepted).
-- The job is read once for both moves and, when the claim is made, written once (its counters go with the claim's).
begin_call(KEYS, ARGV)
local done = complete_task(task_id(1), args[1], args[2], args[3], true)
local counters = done[3]
local function claims_here_first()
  for _, index in ipairs(queue_keys['+index'] or {}) do
    local first = redis.call('ZRANGE', index, '0', '0')[1]
    if first ~= nil then
      return first == args[8]
    end
  end
  return false
end
if done[1] ~= 'accepted' or done[2] ~= '' or not claims_here_first() then
  if counters then
    redis.call('HSET', job, unpack(counters))
  end
  return {done[1], done[2], 'elsewhere'}
end
local claimed = claim_best(args[4], tonumber(args[5]), args[6], args[7], counters)
if claimed[1] ~= 'ok' then
  redis.call('HSET', job, unpack(counters))
end
return {done[1], done[2], unpack(claimed)}
