-- Adds a job record that cannot be trusted to the quarantine, scored by when (Redis time, ms), and
-- drops the oldest entries beyond the cap or older than the age limit, so hostile records cannot
-- grow it without bound. The key expires with its newest entry. (A plain set written by an older
-- version is converted first.)
-- KEYS[1]: the quarantine sorted set. ARGV[1]: member, ARGV[2]: most entries kept, ARGV[3]: max age ms.
-- Reply: how many older entries were dropped.
local key = KEYS[1]
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if redis.call('TYPE', key).ok == 'set' then
  local old = redis.call('SMEMBERS', key)
  redis.call('DEL', key)
  for _, member in ipairs(old) do
    redis.call('ZADD', key, now - 1, member)
  end
end
local cap, age = tonumber(ARGV[2]), tonumber(ARGV[3])
-- strictly after the newest entry, a microsecond on, so that the oldest go first even among entries of the
-- same millisecond (a burst of a thousand may so run a millisecond ahead of the clock)
local newest = tonumber(redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')[2] or '0')
local score = newest >= now and newest + 0.001 or now
redis.call('ZADD', key, string.format('%.3f', score), ARGV[1])
local dropped = redis.call('ZREMRANGEBYSCORE', key, '-inf', '(' .. (now - age))
local over = redis.call('ZCARD', key) - cap
if over > 0 then
  dropped = dropped + redis.call('ZREMRANGEBYRANK', key, 0, over - 1)
end
redis.call('PEXPIRE', key, age)
return dropped
