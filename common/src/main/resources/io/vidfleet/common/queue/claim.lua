--- @include "lib"
--- @include "claim_lib"
-- Claims the job's best ready task (claim_lib.lua).
-- KEYS: the job's keys, then the hashes of the candidates; on a single Redis, the queue's backlog ('+backlog').
-- ARGV: args[1] worker id, args[2] the head's size: how many of the best
-- ready tasks a candidate may be among, args[3] the job's prefix of backlog members ('JOB/'), args[4] how many
-- of the next best tasks an 'ok' names; then the candidate ids (and '+backlog').
-- Reply: claim_lib.lua's.
begin_call(KEYS, ARGV)
return claim_best(args[1], tonumber(args[2]), args[3], args[4])
