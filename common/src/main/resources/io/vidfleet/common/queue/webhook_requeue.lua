--- @include "webhook_lib"
-- Sends dead-lettered deliveries again, due at once, with a fresh retry window; ids, event ids and
-- attempt counts are kept. A delivery that is not dead, or whose host is not the one given, is skipped.
-- KEYS[1]: dead letters, KEYS[2]: hosts set, KEYS[3]: signal list; then per delivery i (1-based):
-- KEYS[2+2i]: its hash, KEYS[3+2i]: its host's queue.
-- ARGV[2i-1]: delivery i's id, ARGV[2i]: its host (as the caller read it).
-- Reply: how many were requeued.
local dead, hosts, signal = KEYS[1], KEYS[2], KEYS[3]
local now = now_ms()
local requeued = 0
for i = 1, #ARGV / 2 do
  local id, host, key = ARGV[2 * i - 1], ARGV[2 * i], KEYS[2 + 2 * i]
  local d = redis.call('HMGET', key, 'state', 'host')
  if d[1] == 'dead' and d[2] == host and redis.call('ZREM', dead, id) == 1 then
    redis.call('HSET', key, 'state', 'pending', 'windowStart', now, 'nextAt', now)
    redis.call('HDEL', key, 'deadAt')
    webhook_due(KEYS[3 + 2 * i], hosts, host, id, now)
    requeued = requeued + 1
  end
end
if requeued > 0 then
  webhook_wake(signal)
end
return requeued
