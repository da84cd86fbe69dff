package io.vidfleet.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidfleet.common.jobs.Priority;
import io.vidfleet.common.queue.ClaimedTask;
import io.vidfleet.common.queue.TaskQueue;
import io.vidfleet.common.redis.LocalRedisServer;
import io.vidfleet.common.redis.RedisConnector;
import io.vidfleet.common.store.JobStore;
import io.vidfleet.testing.ScriptAudit;
import io.vidfleet.testing.TestJobs;
import io.vidfleet.testing.TestRedis;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A worker slot's loop, complete then claim, as Redis sees it (MONITOR). */
class ClaimRoundTripIT {
    private LocalRedisServer redis;
    private Slot slot;
    /** A job of eight tasks; the warm-up claimed three and completed two. */
    private String job;
    /** The warm-up's first task, still claimed. */
    private ClaimedTask first;

    @BeforeEach
    void warmUp() {
        redis = LocalRedisServer.started(false);
        slot = new Slot(redis);
        job = TestJobs.create(slot.store, TestJobs.draft(8, Duration.ofSeconds(30), 3));
        first = slot.warmUp();
    }

    @AfterEach
    void stop() {
        redis.close();
    }

    @Test
    void aCompletionMakesTheNextClaimWhenItsJobComesFirst() {
        try (ScriptAudit audit = ScriptAudit.start(redis.port())) {
            assertTrue(slot.queue.complete(first, "result", -1, slot.claimer).accepted());
            ClaimedTask next = slot.claimer.tryClaim();
            audit.finish();
            // one script call completes and claims, and nothing else is read
            assertEquals(List.of("FCALL"), audit.clientCommands());
            assertNotNull(next);
            assertEquals(job, next.jobId());
            assertEquals("running", slot.store.redis().hget(slot.store.keys().task(job, next.taskId()), "state"));
        }
        assertNull(slot.claimer.takeClaimedAlong(), "the task claimed along is handed out once");
    }

    @Test
    void aCompletionThatClaimsAlongReadsRedisClockOnceForBothMoves() {
        List<ScriptAudit.ScriptRun> runs;
        try (ScriptAudit audit = ScriptAudit.start(redis.port())) {
            assertTrue(slot.queue.complete(first, "result", -1, slot.claimer).accepted());
            runs = audit.finish();
        }
        ClaimedTask next = slot.claimer.tryClaim();
        assertNotNull(next);
        assertEquals(1, runs.size(), "one script call");
        long clockReads = runs.get(0).commands().stream().filter(c -> c.get(0).equalsIgnoreCase("TIME")).count();
        assertEquals(1, clockReads, "commands: " + runs.get(0).commands());
        var redisClient = slot.store.redis();
        assertEquals(redisClient.hget(slot.store.keys().task(job, first.taskId()), "finishedAt"),
                redisClient.hget(slot.store.keys().task(job, next.taskId()), "claimedAt"), "both moves carry the same time");
    }

    @Test
    void aCompletionThatClaimsAlongReadsAndWritesTheJobOnce() {
        String doneBefore = slot.store.redis().hget(slot.store.keys().job(job), "tasksDone");
        String tokensBefore = slot.store.redis().hget(slot.store.keys().job(job), "tokenSeq");
        List<ScriptAudit.ScriptRun> runs;
        try (ScriptAudit audit = ScriptAudit.start(redis.port())) {
            assertTrue(slot.queue.complete(first, "result", -1, slot.claimer).accepted());
            runs = audit.finish();
        }
        assertNotNull(slot.claimer.tryClaim(), "claimed along");
        String jobKey = slot.store.keys().job(job);
        List<String> onJob = runs.get(0).commands().stream()
                .filter(c -> c.size() > 1 && c.get(1).equals(jobKey)).map(c -> c.get(0).toUpperCase()).toList();
        assertEquals(List.of("HMGET", "HSET"), onJob, "commands: " + runs.get(0).commands());
        assertEquals(Long.parseLong(doneBefore) + 1, Long.parseLong(slot.store.redis().hget(jobKey, "tasksDone")));
        assertEquals(Long.parseLong(tokensBefore) + 1, Long.parseLong(slot.store.redis().hget(jobKey, "tokenSeq")));
    }

    @Test
    void aCompletionCountsItsTaskWhenItsClaimGoesElsewhere() {
        String jobKey = slot.store.keys().job(job);
        long doneBefore = Long.parseLong(slot.store.redis().hget(jobKey, "tasksDone"));
        String older = TestJobs.create(slot.store, TestJobs.draft(2, Duration.ofSeconds(30), 3));
        slot.store.index(older, "h264", Priority.NORMAL, 0);
        assertTrue(slot.queue.complete(first, "result", -1, slot.claimer).accepted());
        assertNull(slot.claimer.takeClaimedAlong());
        assertEquals(doneBefore + 1, Long.parseLong(slot.store.redis().hget(jobKey, "tasksDone")));
    }

    @Test
    void aCompletionCountsItsTaskWhenTheClaimAlongFindsNothingReady() {
        String jobKey = slot.store.keys().job(job);
        while (slot.readyOf(job) > 0) {
            assertNotNull(slot.claimer.tryClaim());
        }
        slot.store.index(job, "h264", Priority.NORMAL, 0); // still first in the index: the completion tries to claim along
        long doneBefore = Long.parseLong(slot.store.redis().hget(jobKey, "tasksDone"));
        assertTrue(slot.queue.complete(first, "result", -1, slot.claimer).accepted());
        assertNull(slot.claimer.takeClaimedAlong());
        assertEquals(doneBefore + 1, Long.parseLong(slot.store.redis().hget(jobKey, "tasksDone")));
    }

    @Test
    void aJobThatComesFirstInTheIndexIsClaimedByAClaimOfItsOwn() {
        // an older job of the same priority, ahead in the index (as when the reaper re-indexes it)
        String older = TestJobs.create(slot.store, TestJobs.draft(2, Duration.ofSeconds(30), 3));
        slot.store.index(older, "h264", Priority.NORMAL, 0);
        long ready = slot.readyOf(job);
        assertTrue(slot.queue.complete(first, "result", -1, slot.claimer).accepted());
        assertEquals(ready, slot.readyOf(job), "the completion claimed nothing along");
        assertNull(slot.claimer.takeClaimedAlong());
        assertEquals(older, slot.claimer.tryClaim().jobId(), "the claim of its own went to the job ahead");
    }

    @Test
    void aStoppingSlotIsHandedNothingAlong() {
        long ready = slot.readyOf(job);
        slot.claimer.stopClaimingAlong();
        assertTrue(slot.queue.complete(first, "result", -1, slot.claimer).accepted());
        assertNull(slot.claimer.takeClaimedAlong());
        assertEquals(ready, slot.readyOf(job), "the completion claimed nothing along");
    }

    @Test
    void aCompletionClaimsAlongAgainAfterRedisLostItsScripts() {
        ClaimedTask second = slot.claimer.tryClaim();
        slot.store.redis().functionFlush(); // as a restarted Redis (a Redis before 7.0 keeps scripts, not functions)
        slot.store.redis().scriptFlush();
        assertTrue(slot.queue.complete(first, "result", -1, slot.claimer).accepted());
        slot.claimer.takeClaimedAlong(); // may or may not have been claimed along: the script was reloaded on the way
        assertTrue(slot.queue.complete(second, "result", -1, slot.claimer).accepted());
        assertNotNull(slot.claimer.takeClaimedAlong(), "the completion after the one that found the script gone claims along");
    }

    /** One worker slot's claimer and queue on a Redis of the test's own. */
    private static final class Slot {
        final JobStore store;
        final TaskQueue queue;
        final TaskClaimer claimer;

        Slot(LocalRedisServer redis) {
            store = new JobStore(RedisConnector.open(redis.url()), TestRedis.keys());
            queue = new TaskQueue(store.redis(), store.keys());
            claimer = new TaskClaimer(store, queue, "w", WorkerSettings.defaults(List.of("h264")));
        }

        /**
         * Claims a task and keeps it; claims and completes two more, the second of which claims a fourth along,
         * completed too (the scripts are loaded in this Redis from here on). Returns the kept task, claimed.
         */
        ClaimedTask warmUp() {
            ClaimedTask kept = claimer.tryClaim();
            for (int i = 0; i < 2; i++) {
                assertTrue(queue.complete(claimer.tryClaim(), "result", -1, claimer).accepted());
            }
            ClaimedTask along = claimer.takeClaimedAlong();
            assertNotNull(along, "a completion claimed along");
            assertTrue(queue.complete(along, "result", -1).accepted());
            return kept;
        }

        long readyOf(String job) {
            return store.redis().zcard(store.keys().ready(job));
        }
    }
}
