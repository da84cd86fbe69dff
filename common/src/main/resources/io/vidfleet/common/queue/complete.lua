--- @include "lib"
--- @include "complete_lib"
-- Records a task's result (complete_lib.lua).
-- KEYS: the job's keys, then the task's hash. ARGV: args[1] token, args[2] result (the attempt's file),
-- args[3] the frames the result holds when they differ from the plan ('' or absent: as planned); then the task id.
-- Reply: complete_lib.lua's.
begin_call(KEYS, ARGV)
return complete_task(task_id(1), args[1], args[2], args[3])
