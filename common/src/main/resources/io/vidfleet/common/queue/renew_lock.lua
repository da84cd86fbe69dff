-- Extends a lock key only for its owner. ARGV[1]: owner, ARGV[2]: milliseconds. Returns 1 or 0.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
