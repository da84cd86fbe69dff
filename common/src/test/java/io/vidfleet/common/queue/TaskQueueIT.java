package io.vidfleet.common.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidfleet.common.error.LeaseLostException;
import io.vidfleet.common.jobs.DeliveryMode;
import io.vidfleet.common.jobs.JobState;
import io.vidfleet.common.jobs.Priority;
import io.vidfleet.common.jobs.TaskState;
import io.vidfleet.common.store.JobStore;
import io.vidfleet.testing.TestJobs;
import io.vidfleet.testing.TestRedis;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The queue scripts against a real Redis: leases on Redis time, fencing tokens, retries, dead letters. */
class TaskQueueIT {
    private final JobStore store = TestRedis.store();
    private final TaskQueue queue = new TaskQueue(store.redis(), store.keys());

    private String job(int chunks, Duration lease, int maxAttempts) {
        return TestJobs.create(store, TestJobs.draft(chunks, lease, maxAttempts));
    }

    private Map<String, String> task(String jobId, String taskId) {
        return store.redis().hgetAll(store.keys().task(jobId, taskId));
    }

    @Test
    void claimsLongestChunkFirstAndMovesItToInflightWithALeaseOnRedisTime() {
        String jobId = job(3, Duration.ofSeconds(30), 3);
        ClaimedTask first = queue.claim(jobId, "w1").task();
        assertEquals("v00002", first.taskId(), "the longest chunk goes first");
        assertEquals(1, first.attempt());
        assertTrue(first.jobStarted());
        Map<String, String> hash = task(jobId, "v00002");
        assertEquals("running", hash.get("state"));
        assertEquals("w1", hash.get("worker"));
        List<?> time = (List<?>) store.redis().eval("return redis.call('TIME')");
        long redisNow = Long.parseLong((String) time.get(0)) * 1000 + Long.parseLong((String) time.get(1)) / 1000;
        long deadline = Long.parseLong(hash.get("leaseUntil"));
        assertTrue(Math.abs(deadline - (redisNow + 30_000)) < 2_000, "deadline = Redis time + lease");
        assertEquals(1, store.redis().zcard(store.keys().inflight(jobId)));
        assertEquals(2, store.redis().zcard(store.keys().ready(jobId)));
        assertEquals(JobState.RUNNING, store.get(jobId).state());
    }

    @Test
    void eachClaimGetsANewTokenAndAStaleTokenCannotCompleteOrExtend() {
        String jobId = job(1, Duration.ofMillis(300), 5);
        ClaimedTask stale = queue.claim(jobId, "slow").task();
        sleep(500);
        assertEquals(1, queue.reap(jobId).madeReady(), "the expired lease goes back to ready");
        ClaimedTask fresh = queue.claim(jobId, "fast").task();
        assertNotEquals(stale.token(), fresh.token());
        assertEquals(2, fresh.attempt());
        assertThrows(LeaseLostException.class, () -> queue.extend(stale));
        assertFalse(queue.complete(stale, "stale-file").accepted(), "the late worker's result is rejected");
        Completion accepted = queue.complete(fresh, "fresh-file");
        assertTrue(accepted.accepted());
        assertTrue(accepted.lastTask());
        assertEquals("fresh-file", task(jobId, fresh.taskId()).get("result"));
        assertEquals(JobState.STITCHING, store.get(jobId).state());
    }

    @Test
    void extendingKeepsTheLeaseAlive() {
        String jobId = job(1, Duration.ofMillis(600), 5);
        ClaimedTask held = queue.claim(jobId, "w").task();
        for (int i = 0; i < 5; i++) {
            sleep(200);
            queue.extend(held);
            assertEquals(0, queue.reap(jobId).madeReady());
        }
        assertTrue(queue.complete(held, "r").accepted());
    }

    @Test
    void aLeaseTakenByAnotherTokenFailsTheHoldersExtension() {
        String jobId = job(1, Duration.ofSeconds(30), 5);
        ClaimedTask held = queue.claim(jobId, "w").task();
        store.redis().hset(store.keys().task(jobId, held.taskId()), "token", "999");
        LeaseLostException lost = assertThrows(LeaseLostException.class, () -> queue.extend(held));
        assertTrue(lost.getMessage().contains("another token"), lost.getMessage());
    }

    @Test
    void retryableFailuresWaitTheirBackoffThenComeBack() {
        String jobId = job(1, Duration.ofSeconds(30), 3);
        ClaimedTask first = queue.claim(jobId, "w").task();
        assertEquals(TaskQueue.FailureOutcome.RETRY, queue.fail(first, "ffmpeg crashed", true, Duration.ofMillis(300)));
        assertEquals("delayed", task(jobId, first.taskId()).get("state"));
        assertEquals(ClaimOutcome.Status.EMPTY, queue.claim(jobId, "w").status(), "not before the backoff");
        sleep(400);
        assertEquals(1, queue.reap(jobId).madeReady());
        ClaimedTask second = queue.claim(jobId, "w").task();
        assertEquals(2, second.attempt());
        assertTrue(task(jobId, second.taskId()).get("history").contains("ffmpeg crashed"));
    }

    @Test
    void aPermanentFailureDeadLettersTheTaskAndFailsTheJobWithTheReason() {
        String jobId = job(2, Duration.ofSeconds(30), 5);
        ClaimedTask claimed = queue.claim(jobId, "w").task();
        assertEquals(TaskQueue.FailureOutcome.DEAD, queue.fail(claimed, "cannot decode", false, Duration.ZERO));
        assertEquals(List.of(claimed.taskId()), store.redis().lrange(store.keys().dead(jobId), 0, -1));
        var job = store.get(jobId);
        assertEquals(JobState.FAILED, job.state());
        assertTrue(job.reason().contains("cannot decode"), job.reason());
        assertFalse(store.redis().exists(store.keys().ready(jobId)), "no task of a failed job is handed out");
        assertEquals(ClaimOutcome.Status.INACTIVE, queue.claim(jobId, "w").status());
    }

    @Test
    void retriesStopAtMaxAttempts() {
        String jobId = job(1, Duration.ofSeconds(30), 2);
        ClaimedTask first = queue.claim(jobId, "w").task();
        assertEquals(TaskQueue.FailureOutcome.RETRY, queue.fail(first, "io", true, Duration.ZERO));
        queue.reap(jobId);
        ClaimedTask second = queue.claim(jobId, "w").task();
        assertEquals(TaskQueue.FailureOutcome.DEAD, queue.fail(second, "io again", true, Duration.ZERO));
        assertEquals(TaskState.DEAD.wire(), task(jobId, second.taskId()).get("state"));
    }

    @Test
    void aTaskWhoseWorkersKeepVanishingIsDeadLetteredByDeliveryCount() {
        String jobId = job(1, Duration.ofMillis(200), 3);
        for (int delivery = 1; delivery <= 3; delivery++) {
            ClaimedTask claimed = queue.claim(jobId, "crashing-" + delivery).task();
            assertEquals(delivery, claimed.attempt());
            sleep(300);
            queue.reap(jobId);
        }
        var job = store.get(jobId);
        assertEquals(JobState.FAILED, job.state());
        assertTrue(job.reason().contains("delivered 3 times"), job.reason());
    }

    @Test
    void atMostOnceNeverRedeliversAndFailsTheJobWhenAWorkerVanishes() {
        String jobId = TestJobs.create(store, TestJobs.draft(2, Duration.ofMillis(200), 5, DeliveryMode.AT_MOST_ONCE, Priority.NORMAL));
        queue.claim(jobId, "vanishing");
        sleep(300);
        assertEquals(0, queue.reap(jobId).madeReady());
        var job = store.get(jobId);
        assertEquals(JobState.FAILED, job.state());
        assertTrue(job.reason().contains("at-most-once"), job.reason());
    }

    @Test
    void cancelRevokesLeasesAndDropsPendingTasks() {
        String jobId = job(3, Duration.ofSeconds(30), 5);
        ClaimedTask running = queue.claim(jobId, "w").task();
        assertTrue(store.cancel(jobId, "test"));
        assertThrows(LeaseLostException.class, () -> queue.extend(running));
        assertFalse(queue.complete(running, "late").accepted());
        assertEquals(ClaimOutcome.Status.INACTIVE, queue.claim(jobId, "w").status());
        assertFalse(store.redis().exists(store.keys().ready(jobId)));
        assertFalse(store.redis().exists(store.keys().inflight(jobId)));
        assertFalse(store.cancel(jobId, "again"), "cancelling twice is a no-op");
    }

    @Test
    void concurrentClaimsNeverHandOutATaskTwice() throws InterruptedException {
        String jobId = job(40, Duration.ofSeconds(30), 5);
        Set<String> claimed = java.util.Collections.synchronizedSet(new HashSet<>());
        List<Thread> threads = new java.util.ArrayList<>();
        java.util.concurrent.atomic.AtomicInteger duplicates = new java.util.concurrent.atomic.AtomicInteger();
        for (int t = 0; t < 4; t++) {
            JobStore own = TestRedis.store();
            TaskQueue ownQueue = new TaskQueue(own.redis(), own.keys());
            Thread thread = new Thread(() -> {
                ClaimOutcome outcome;
                while ((outcome = ownQueue.claim(jobId, Thread.currentThread().getName())).claimed()) {
                    if (!claimed.add(outcome.task().taskId())) {
                        duplicates.incrementAndGet();
                    }
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(40, claimed.size());
        assertEquals(0, duplicates.get());
    }

    @Test
    void atMostOnceNeverRunsATaskAgainAfterARetryableFailureOrARelease() {
        String failing = TestJobs.create(store, TestJobs.draft(2, Duration.ofSeconds(30), 5, DeliveryMode.AT_MOST_ONCE, Priority.NORMAL));
        ClaimedTask failed = queue.claim(failing, "w").task();
        assertEquals(TaskQueue.FailureOutcome.DEAD, queue.fail(failed, "ffmpeg crashed", true, Duration.ZERO));
        assertEquals(JobState.FAILED, store.get(failing).state());
        assertTrue(store.get(failing).reason().contains("at-most-once"), store.get(failing).reason());
        assertEquals(ClaimOutcome.Status.INACTIVE, queue.claim(failing, "w").status());

        String released = TestJobs.create(store, TestJobs.draft(2, Duration.ofSeconds(30), 5, DeliveryMode.AT_MOST_ONCE, Priority.NORMAL));
        ClaimedTask stopping = queue.claim(released, "w").task();
        assertFalse(queue.release(stopping), "not given back for another worker");
        assertEquals(TaskState.LOST.wire(), task(released, stopping.taskId()).get("state"));
        assertEquals(JobState.FAILED, store.get(released).state());
        assertEquals(ClaimOutcome.Status.INACTIVE, queue.claim(released, "w").status());

        String atLeastOnce = job(1, Duration.ofSeconds(30), 5);
        ClaimedTask given = queue.claim(atLeastOnce, "w").task();
        assertTrue(queue.release(given), "at-least-once: back to ready");
        assertEquals(1, queue.claim(atLeastOnce, "w").task().attempt(), "the released attempt is not counted");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
