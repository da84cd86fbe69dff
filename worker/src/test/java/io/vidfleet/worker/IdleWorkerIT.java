package io.vidfleet.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidfleet.common.redis.CommandStats;
import io.vidfleet.common.redis.LocalRedisServer;
import io.vidfleet.common.redis.LuaScript;
import io.vidfleet.common.redis.RedisConnector;
import io.vidfleet.testing.TestRedis;
import io.vidfleet.common.storage.SharedDirectoryStorage;
import io.vidfleet.common.store.JobStore;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** Idle workers wait on Redis, they do not poll it: measured with INFO commandstats. */
class IdleWorkerIT {

    @Test
    void idleWorkersSendAlmostNoCommands() throws Exception {
        try (LocalRedisServer redis = LocalRedisServer.started(false);
             Jedis admin = new Jedis("127.0.0.1", redis.port())) {
            JobStore store = new JobStore(RedisConnector.open(redis.url()), TestRedis.keys());
            SharedDirectoryStorage storage = new SharedDirectoryStorage(Files.createTempDirectory("idle-"));
            List<Worker> workers = List.of(
                    new Worker(store, storage, WorkerSettings.defaults(List.of("h264", "hevc", "av1")).withConcurrency(2)),
                    new Worker(store, storage, WorkerSettings.defaults(List.of("h264"))));
            workers.forEach(Worker::start);
            try {
                Thread.sleep(1_500);
                admin.configResetStat();
                Thread.sleep(5_000);
                Map<String, Long> calls = CommandStats.calls(admin.info("commandstats"));
                calls.remove("config");
                calls.remove("info");
                long total = calls.values().stream().mapToLong(Long::longValue).sum();
                System.out.println("idle workers, 5 s, 3 claim loops: " + calls);
                assertTrue(total <= 15, "at most one command per second per worker process: " + calls);
                assertEquals(0, LuaScript.scriptCalls(calls), "no claim attempts while idle: " + calls);
                assertEquals(0, calls.getOrDefault("zrange", 0L), "no queue scans while idle: " + calls);
            } finally {
                workers.forEach(Worker::close);
            }
        }
    }

    @Test
    void anIdleWorkerNeverScansAcrossManyBlockingWaits() throws Exception {
        try (LocalRedisServer redis = LocalRedisServer.started(false);
             Jedis admin = new Jedis("127.0.0.1", redis.port())) {
            JobStore store = new JobStore(RedisConnector.open(redis.url()), TestRedis.keys());
            SharedDirectoryStorage storage = new SharedDirectoryStorage(Files.createTempDirectory("idle-"));
            // a 1 s block, watched for 5 s: a worker that looked at its queues after each wait would show it
            Worker worker = new Worker(store, storage, WorkerSettings.defaults(List.of("h264", "hevc", "av1"))
                    .withConcurrency(2).withIdleBlock(Duration.ofSeconds(1)));
            worker.start();
            try {
                Thread.sleep(1_500);
                admin.configResetStat();
                Thread.sleep(5_000);
                Map<String, Long> calls = CommandStats.calls(admin.info("commandstats"));
                System.out.println("idle worker, 5 s, 1 s blocks, 2 claim loops: " + calls);
                assertEquals(0, calls.getOrDefault("zrange", 0L), "no queue scans while idle: " + calls);
                assertEquals(0, LuaScript.scriptCalls(calls), "no claim attempts: " + calls);
                assertTrue(calls.getOrDefault("blpop", 0L) >= 4, "it did block again and again: " + calls);
            } finally {
                worker.close();
            }
        }
    }

    @Test
    void aStoppingWorkersBlockedLoopsEndAtOnceNotAtTheirTimeout() throws Exception {
        try (LocalRedisServer redis = LocalRedisServer.started(false);
             Jedis admin = new Jedis("127.0.0.1", redis.port())) {
            JobStore store = JobStore.connect(redis.url(), TestRedis.keys(), 2);
            SharedDirectoryStorage storage = new SharedDirectoryStorage(Files.createTempDirectory("idle-"));
            Worker worker = new Worker(store, storage, WorkerSettings.defaults(List.of("h264"))
                    .withConcurrency(2).withIdleBlock(Duration.ofSeconds(30)));
            worker.start();
            awaitBlockedClients(admin, 2, Duration.ofSeconds(10));
            worker.close();
            // a thread left blocked in a socket read would hold up the JVM's exit (up to 300 ms) and a connection
            awaitBlockedClients(admin, 0, Duration.ofSeconds(5));
        }
    }

    private static void awaitBlockedClients(Jedis admin, int expected, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        int blocked = -1;
        while (System.nanoTime() < deadline) {
            blocked = Integer.parseInt(admin.info("clients").replaceAll("(?s).*blocked_clients:(\\d+).*", "$1"));
            if (blocked == expected) {
                return;
            }
            Thread.sleep(50);
        }
        assertEquals(expected, blocked, "clients blocked in BLPOP");
    }
}
