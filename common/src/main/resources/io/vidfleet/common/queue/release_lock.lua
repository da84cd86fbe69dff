-- Deletes a lock key only for its owner.
-- KEYS[1]: the lock. ARGV[1]: owner.
-- Reply: 1, or 0 when the lock is not the owner's.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
