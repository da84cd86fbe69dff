-- Extends a lock key only for its owner.
-- KEYS[1]: the lock. ARGV[1]: owner, ARGV[2]: milliseconds.
-- Reply: 1, or 0 when the lock is not the owner's.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
