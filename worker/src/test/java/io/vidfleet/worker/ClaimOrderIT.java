package io.vidfleet.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidfleet.common.jobs.DeliveryMode;
import io.vidfleet.common.jobs.Priority;
import io.vidfleet.common.queue.ClaimedTask;
import io.vidfleet.common.queue.TaskQueue;
import io.vidfleet.common.redis.LocalRedisServer;
import io.vidfleet.common.redis.RedisConnector;
import io.vidfleet.testing.TestRedis;
import io.vidfleet.common.store.JobStore;
import io.vidfleet.testing.TestJobs;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Which task a worker takes next, against a real Redis (a private one: these tests own every queue). */
class ClaimOrderIT {
    private LocalRedisServer redis;
    private JobStore store;

    @BeforeEach
    void start() {
        redis = LocalRedisServer.started(false);
        store = new JobStore(RedisConnector.open(redis.url()), TestRedis.keys());
    }

    @AfterEach
    void stop() {
        redis.close();
    }

    private String job(int tasks, Priority priority, String queue) {
        return TestJobs.create(store, TestJobs.draft(tasks, Duration.ofMinutes(5), 3, DeliveryMode.AT_LEAST_ONCE, priority, queue));
    }

    private TaskClaimer claimer(List<String> queues) {
        WorkerSettings settings = WorkerSettings.defaults(queues).withIdleBlock(Duration.ofMillis(100));
        return new TaskClaimer(store, new TaskQueue(store.redis(), store.keys()), "test-worker", settings);
    }

    private Map<String, Integer> claim(TaskClaimer claimer, int count) {
        Map<String, Integer> byJob = new HashMap<>();
        for (int i = 0; i < count; i++) {
            ClaimedTask task = claimer.tryClaim();
            byJob.merge(task.jobId(), 1, Integer::sum);
        }
        return byJob;
    }

    @Test
    void lowPriorityStillGetsItsWeightUnderAHighBacklog() {
        String high = job(300, Priority.HIGH, "h264");
        String normal = job(300, Priority.NORMAL, "h264");
        String low = job(300, Priority.LOW, "h264");
        Map<String, Integer> byJob = claim(claimer(List.of("h264")), 200);
        assertEquals(120, byJob.get(high));
        assertEquals(60, byJob.get(normal));
        assertEquals(20, byJob.get(low), "6:3:1: low is served, never starved");
    }

    @Test
    void anEmptyLevelsShareGoesToTheOthers() {
        String high = job(300, Priority.HIGH, "h264");
        String low = job(300, Priority.LOW, "h264");
        Map<String, Integer> byJob = claim(claimer(List.of("h264")), 100);
        assertEquals(90, byJob.get(high));
        assertEquals(10, byJob.get(low));
    }

    @Test
    void jobsOfOnePriorityAreServedFirstInFirstOut() {
        String first = job(5, Priority.NORMAL, "h264");
        sleep(5);
        String second = job(5, Priority.NORMAL, "h264");
        Map<String, Integer> byJob = claim(claimer(List.of("h264")), 5);
        assertEquals(Map.of(first, 5), byJob);
        assertEquals(second, claimer(List.of("h264")).tryClaim().jobId());
    }

    @Test
    void aBacklogOnOneQueueDoesNotDelayAnother() {
        job(500, Priority.HIGH, "hevc");
        String small = job(5, Priority.LOW, "h264");
        Map<String, Integer> shared = claim(claimer(List.of("hevc", "h264")), 10);
        assertEquals(5, shared.get(small), "a worker serving both queues alternates between them");
        String more = job(3, Priority.LOW, "h264");
        Map<String, Integer> dedicated = claim(claimer(List.of("h264")), 3);
        assertEquals(Map.of(more, 3), dedicated, "an h264 worker never waits behind the hevc backlog");
    }

    @Test
    void anIdleClaimerBlocksInsteadOfPolling() {
        TaskClaimer claimer = claimer(List.of("h264"));
        long started = System.nanoTime();
        assertEquals(null, claimer.next(() -> true));
        assertTrue(System.nanoTime() - started >= Duration.ofMillis(90).toNanos(), "blocked for idleBlock");
        String jobId = job(1, Priority.NORMAL, "h264");
        assertEquals(jobId, claimer.next(() -> true).jobId(), "woken by the submit's signal");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
