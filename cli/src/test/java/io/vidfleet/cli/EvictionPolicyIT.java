package io.vidfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidfleet.common.redis.LocalRedisServer;
import io.vidfleet.common.redis.RedisConnector;
import io.vidfleet.testing.TestMedia;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.UnifiedJedis;

/** A Redis that may evict keys would drop running jobs silently: every role refuses it at start unless overridden. */
class EvictionPolicyIT {
    private static LocalRedisServer redis;
    private static UnifiedJedis client;

    @TempDir
    Path dir;

    @BeforeAll
    static void startRedis() {
        redis = LocalRedisServer.started(false);
        client = RedisConnector.open(redis.url());
        client.configSet("maxmemory-policy", "allkeys-lru");
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    private CliRun run(String... args) {
        return assertTimeoutPreemptively(Duration.ofSeconds(60), () -> CliRun.of(args));
    }

    private void assertRefused(CliRun run) {
        assertEquals(2, run.exit(), run.toString());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertTrue(run.err().contains("maxmemory-policy is allkeys-lru"), run.err());
    }

    @Test
    void everyRoleRefusesAnEvictingRedisUnlessOverridden() {
        String url = "--redis=" + redis.url();
        String storage = "--storage=" + dir.resolve("storage");
        assertRefused(run("submit", TestMedia.noAudio().toString(), url, storage));
        assertEquals(0, client.dbSize(), "no key");
        assertTrue(!Files.exists(dir.resolve("storage/jobs")), "no file");
        assertRefused(run("worker", url, storage));
        assertRefused(run("coordinator", url, storage));

        CliRun allowed = run("submit", TestMedia.noAudio().toString(), url, storage, "--allow-eviction");
        assertEquals(0, allowed.exit(), allowed.toString());
        client.flushAll(); // this test's own Redis
    }
}
