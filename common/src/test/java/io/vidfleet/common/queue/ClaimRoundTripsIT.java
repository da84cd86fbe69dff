package io.vidfleet.common.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidfleet.common.redis.CommandStats;
import io.vidfleet.common.redis.LocalRedisServer;
import io.vidfleet.common.redis.LuaScript;
import io.vidfleet.common.redis.RedisConnector;
import io.vidfleet.common.store.JobStore;
import io.vidfleet.testing.ScriptAudit;
import io.vidfleet.testing.TestJobs;
import io.vidfleet.testing.TestRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/**
 * What one claim costs in commands sent to Redis (MONITOR): the queue's throughput is its round trips.
 */
class ClaimRoundTripsIT {

    @Test
    void aClaimAfterAClaimOnTheSameJobReadsNoReadySetOfItsOwn() {
        try (LocalRedisServer redis = LocalRedisServer.started(false)) {
            JobStore store = new JobStore(RedisConnector.open(redis.url()), TestRedis.keys());
            String jobId = TestJobs.create(store, TestJobs.draft(6, Duration.ofSeconds(30), 3));
            TaskQueue queue = new TaskQueue(store.redis(), store.keys());
            ClaimedTask first;
            ClaimedTask second;
            first = queue.claim(jobId, "w").task(); // learns the head from the script's 'moved', then claims with it
            try (ScriptAudit audit = ScriptAudit.start(redis.port())) {
                second = queue.claim(jobId, "w").task();
                audit.finish();
                assertEquals(List.of("FCALL"), audit.clientCommands(),
                        "the script alone (it keeps the backlog too): the first claim's reply named the ready set's head");
            }
            assertNotEquals(first.taskId(), second.taskId());
        }
    }

    @Test
    void aLoneClaimerOffersOneTaskForItsClaimAndTheMarginNoMore() {
        try (LocalRedisServer redis = LocalRedisServer.started(false)) {
            JobStore store = new JobStore(RedisConnector.open(redis.url()), TestRedis.keys());
            String jobId = TestJobs.create(store, TestJobs.draft(40, Duration.ofSeconds(30), 3));
            TaskQueue queue = new TaskQueue(store.redis(), store.keys());
            queue.claim(jobId, "w"); // learns the head
            List<ScriptAudit.ScriptRun> runs;
            try (ScriptAudit audit = ScriptAudit.start(redis.port())) {
                queue.claim(jobId, "w");
                runs = audit.finish();
            }
            assertEquals(1, runs.size());
            long offered = runs.get(0).declared().stream().filter(key -> key.contains(":task:")).count();
            // every key a script gets is converted and checked on the server: a claimer alone needs no room for racers
            assertEquals(1 + TaskQueue.CLAIM_CANDIDATE_MARGIN, offered, "keys: " + runs.get(0).declared());
        }
    }

    @Test
    void aProcessWhoseCandidatesOthersTookOffersMoreNextTime() {
        try (LocalRedisServer redis = LocalRedisServer.started(false)) {
            JobStore store = new JobStore(RedisConnector.open(redis.url()), TestRedis.keys());
            String jobId = TestJobs.create(store, TestJobs.draft(100, Duration.ofSeconds(30), 3));
            TaskQueue a = new TaskQueue(store.redis(), store.keys()); // two worker processes on one job
            TaskQueue b = new TaskQueue(store.redis(), store.keys());
            a.claim(jobId, "a"); // learns the head: the next 9
            for (int i = 0; i < 10; i++) {
                b.claim(jobId, "b"); // takes all of them
            }
            a.claim(jobId, "a"); // misses, then claims with the head just read
            a.claim(jobId, "a"); // its reply names the wider head
            long offered;
            try (ScriptAudit audit = ScriptAudit.start(redis.port())) {
                a.claim(jobId, "a");
                offered = audit.finish().get(0).declared().stream().filter(key -> key.contains(":task:")).count();
            }
            assertTrue(offered > 1 + TaskQueue.CLAIM_CANDIDATE_MARGIN, "after a miss, more candidates: " + offered);
        }
    }

    @Test
    void aClaimOnAJobWithoutARecordFindsItInactive() {
        try (LocalRedisServer redis = LocalRedisServer.started(false)) {
            JobStore store = new JobStore(RedisConnector.open(redis.url()), TestRedis.keys());
            // an id left in a queue index after its job's keys went (or one crafted): no queue to name a backlog of
            ClaimOutcome outcome = new TaskQueue(store.redis(), store.keys()).claim("20260101-000000-gone00", "w");
            assertEquals(ClaimOutcome.Status.INACTIVE, outcome.status());
        }
    }

    @Test
    void aClaimWhoseRememberedHeadWentStaleStillTakesTheBestReadyTask() {
        try (LocalRedisServer redis = LocalRedisServer.started(false)) {
            JobStore store = new JobStore(RedisConnector.open(redis.url()), TestRedis.keys());
            String jobId = TestJobs.create(store, TestJobs.draft(100, Duration.ofSeconds(30), 3));
            TaskQueue a = new TaskQueue(store.redis(), store.keys()); // two processes: each remembers its own head
            TaskQueue b = new TaskQueue(store.redis(), store.keys());
            a.claim(jobId, "a");
            for (int i = 0; i < 8; i++) {
                b.claim(jobId, "b"); // takes every task a remembers as the head
            }
            String best = store.redis().zrange(store.keys().ready(jobId), 0, 0).get(0);
            assertEquals(best, a.claim(jobId, "a").task().taskId(), "a stale memory is no race: the best task, not any of the head");
        }
    }

    @Test
    void claimersRacingForOneJobSpreadOverItsHeadInsteadOfMissingTogether() throws Exception {
        int claimers = 200;
        try (LocalRedisServer redis = LocalRedisServer.started(false)) {
            UnifiedJedis client = RedisConnector.open(redis.url(), claimers + 4);
            JobStore store = new JobStore(client, TestRedis.keys());
            String jobId = TestJobs.create(store, TestJobs.draft(2 * claimers, Duration.ofSeconds(30), 3));
            TaskQueue queue = new TaskQueue(client, store.keys());
            CountDownLatch go = new CountDownLatch(1);
            Set<String> claimed = ConcurrentHashMap.newKeySet();
            ExecutorService pool = Executors.newFixedThreadPool(claimers);
            long before = scriptCalls(client);
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < claimers; i++) {
                String worker = "w" + i;
                done.add(pool.submit(() -> {
                    go.await();
                    for (int n = 0; n < 2; n++) {
                        claimed.add(queue.claim(jobId, worker).task().taskId());
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();
            double perClaim = (scriptCalls(client) - before) / (2.0 * claimers);
            assertEquals(2 * claimers, claimed.size(), "every task once");
            // offering the same few best tasks (8 of them), 200 claimers needed over 4 calls per claim
            assertTrue(perClaim < 3, "script calls per claim: " + perClaim);
        }
    }

    private static long scriptCalls(UnifiedJedis client) {
        String stats = client.info("commandstats");
        return LuaScript.scriptCalls(CommandStats.calls(stats));
    }
}
