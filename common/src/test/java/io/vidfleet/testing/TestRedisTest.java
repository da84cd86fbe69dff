package io.vidfleet.testing;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidfleet.common.redis.RedisKeys;
import org.junit.jupiter.api.Test;

/** The test Redis provider never points tests at a production Redis by accident. */
class TestRedisTest {

    @Test
    void testsUseAKeyPrefixOfTheirOwn() {
        assertNotEquals(RedisKeys.DEFAULT_PREFIX, TestRedis.PREFIX);
        assertTrue(TestRedis.keys().job("j").startsWith(TestRedis.PREFIX + ":job:"));
        assertTrue(TestRedis.store().keys().jobs().startsWith(TestRedis.PREFIX + ":"));
        assertTrue(new RedisKeys().jobs().startsWith(TestRedis.PREFIX + ":"), "in-process commands follow the test prefix");
    }

    @Test
    void aRedisOnAnotherHostIsRefusedUnlessAllowed() {
        assertThrows(IllegalStateException.class, () -> TestRedis.checkLoopback("redis://10.1.2.3:6379", false));
        assertThrows(IllegalStateException.class, () -> TestRedis.checkLoopback("rediss://user:pw@redis.example.com:6380/0", false));
        assertThrows(IllegalStateException.class,
                () -> TestRedis.checkLoopback("redis-cluster://127.0.0.1:7000,10.0.0.2:7001", false));
        assertDoesNotThrow(() -> TestRedis.checkLoopback("redis://10.1.2.3:6379", true));
        assertDoesNotThrow(() -> TestRedis.checkLoopback("redis://127.0.0.1:6379", false));
        assertDoesNotThrow(() -> TestRedis.checkLoopback("redis://localhost:6379/2", false));
        assertDoesNotThrow(() -> TestRedis.checkLoopback("redis://[::1]:6379", false));
        assertDoesNotThrow(() -> TestRedis.checkLoopback("redis-cluster://127.0.0.1:7000,127.0.0.1:7001", false));
    }
}
