package io.vidfleet.common.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidfleet.common.redis.LocalRedisServer;
import io.vidfleet.common.redis.RedisConnector;
import io.vidfleet.testing.TestRedis;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/** Crafted records cannot grow the quarantine without bound: the oldest entries go, and the key expires. */
class QuarantineIT {

    @Test
    void theQuarantineKeepsTheNewestEntriesWithinItsLimits() {
        try (LocalRedisServer server = LocalRedisServer.started(false)) {
            JobStore store = new JobStore(RedisConnector.open(server.url()), TestRedis.keys());
            UnifiedJedis redis = store.redis();
            int cap = Quarantine.Limits.DEFAULT.maxEntries();
            for (int i = 0; i < cap + 5; i++) {
                redis.sadd(store.keys().activeJobs(), "bogus-" + i);
                store.quarantine("bogus-" + i, "test");
            }
            String key = store.keys().quarantined();
            List<String> kept = members(redis, key);
            assertEquals(cap, kept.size(), "no more than the cap");
            assertFalse(kept.contains("bogus-0") || kept.contains("bogus-4"), "the oldest were dropped");
            assertTrue(kept.contains("bogus-5") && kept.contains("bogus-" + (cap + 4)), "the newest stay");
            // oldest first even among entries of the same millisecond (many are, this fast)
            List<String> inOrder = new java.util.ArrayList<>();
            for (int i = 5; i < cap + 5; i++) {
                inOrder.add("bogus-" + i);
            }
            assertEquals(inOrder, kept, "kept in the order they came");
            long ttl = redis.pttl(key);
            assertTrue(ttl > 0 && ttl <= Quarantine.Limits.DEFAULT.maxAge().toMillis(), "the key expires: " + ttl);
            assertEquals(0, redis.scard(store.keys().activeJobs()), "every member left the active set");
        }
    }

    @Test
    void aQuarantineWrittenAsAPlainSetIsKept() {
        try (LocalRedisServer server = LocalRedisServer.started(false)) {
            JobStore store = new JobStore(RedisConnector.open(server.url()), TestRedis.keys());
            store.redis().sadd(store.keys().quarantined(), "older");
            store.quarantine("newer", "test");
            assertEquals(List.of("older", "newer"), members(store.redis(), store.keys().quarantined()));
            assertTrue(Duration.ofMillis(store.redis().pttl(store.keys().quarantined())).toDays() >= 6);
        }
    }

    /** Oldest first, whichever type the key has (a set before the limits: no order). */
    private static List<String> members(UnifiedJedis redis, String key) {
        return redis.type(key).equals("zset") ? redis.zrange(key, 0, -1) : List.copyOf(redis.smembers(key));
    }
}
