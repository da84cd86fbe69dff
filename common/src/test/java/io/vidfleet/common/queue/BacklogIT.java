package io.vidfleet.common.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vidfleet.common.jobs.DeliveryMode;
import io.vidfleet.common.jobs.Priority;
import io.vidfleet.common.redis.RedisConnector;
import io.vidfleet.common.redis.RedisKeys;
import io.vidfleet.common.store.JobStore;
import io.vidfleet.testing.LocalRedisCluster;
import io.vidfleet.testing.TestJobs;
import io.vidfleet.testing.TestRedis;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The per-queue backlog key ({@code vf:queue:QUEUE:backlog}) counts exactly the tasks waiting on its queue
 * after every queue operation, on one Redis and on a Redis Cluster; and the reaper repairs it after a
 * process died between a script and its backlog update.
 */
class BacklogIT {

    /** Each test works under a key prefix of its own, so the queue's backlog holds only its jobs. */
    private static JobStore store(String url) {
        return new JobStore(RedisConnector.open(url), new RedisKeys("vfbl" + UUID.randomUUID().toString().substring(0, 8)));
    }

    /** What the backlog must be: the ready tasks of every active job on the queue. */
    private static long trueBacklog(JobStore store, String queue) {
        long ready = 0;
        for (String jobId : store.activeJobIds()) {
            if (queue.equals(store.redis().hget(store.keys().job(jobId), "queue"))) {
                ready += store.redis().zcard(store.keys().ready(jobId));
            }
        }
        return ready;
    }

    private static void assertBacklog(JobStore store, long expected, String when) {
        assertEquals(expected, trueBacklog(store, "h264"), "ready tasks " + when);
        assertEquals(expected, store.redis().zcard(store.keys().backlog("h264")), "backlog " + when);
    }

    @Test
    void everyQueueOperationKeepsTheBacklogExact() {
        everyOperation(TestRedis.url());
    }

    @Test
    void everyQueueOperationKeepsTheBacklogExactOnARedisCluster() throws Exception {
        assumeTrue(LocalRedisCluster.available(), "redis-server and redis-cli are not on PATH");
        try (LocalRedisCluster cluster = new LocalRedisCluster()) {
            everyOperation(cluster.url());
        }
    }

    private static void everyOperation(String url) {
        JobStore store = store(url);
        TaskQueue queue = new TaskQueue(store.redis(), store.keys());
        String a = TestJobs.create(store, TestJobs.draft(4, Duration.ofMillis(400), 1));
        String b = TestJobs.create(store, TestJobs.draft(3, Duration.ofSeconds(30), 3));
        String other = TestJobs.create(store, TestJobs.draft(2, Duration.ofSeconds(30), 3, DeliveryMode.AT_LEAST_ONCE,
                Priority.NORMAL, "hevc"));
        assertBacklog(store, 7, "after two submits");
        assertEquals(2, store.redis().zcard(store.keys().backlog("hevc")), "each queue has its own backlog");

        ClaimedTask a1 = queue.claim(a, "w1").task();
        ClaimedTask b1 = queue.claim(b, "w1").task();
        ClaimedTask b2 = queue.claim(b, "w2").task();
        assertBacklog(store, 4, "after three claims");
        assertTrue(queue.release(b2));
        assertBacklog(store, 5, "after a release");
        assertEquals(TaskQueue.FailureOutcome.RETRY, queue.fail(b1, "crash", true, Duration.ZERO));
        assertBacklog(store, 5, "after a failure waiting out its backoff");
        assertEquals(1, queue.reap(b).madeReady());
        store.backlog().rebuild("h264", b); // what the reaper does for a job whose ready count changed
        assertBacklog(store, 6, "after the retry came due");

        assertEquals(TaskQueue.FailureOutcome.DEAD, queue.fail(a1, "undecodable", false, Duration.ZERO));
        assertEquals(3, store.backlog().count("h264", b));
        assertEquals(0, store.backlog().count("h264", a));
        store.markInactive(a);
        assertBacklog(store, 3, "after job a failed");
        assertEquals(4, store.requeue(a));
        assertBacklog(store, 7, "after job a was requeued");
        assertTrue(store.cancel(b, "test"));
        store.markInactive(b);
        assertBacklog(store, 4, "after job b was cancelled");
        store.deleteJob(other, "hevc", Priority.NORMAL);
        assertEquals(0, store.redis().zcard(store.keys().backlog("hevc")), "a deleted job leaves no backlog");
        store.cancel(a, "test over");
        store.markInactive(a);
        assertBacklog(store, 0, "at the end");
    }

    @Test
    void theReaperRepairsABacklogThatADeadProcessLeftWrong() {
        JobStore store = store(TestRedis.url());
        TaskQueue queue = new TaskQueue(store.redis(), store.keys());
        String job = TestJobs.create(store, TestJobs.draft(5, Duration.ofSeconds(30), 3));
        String ended = TestJobs.create(store, TestJobs.draft(2, Duration.ofSeconds(30), 3));
        store.redis().srem(store.keys().activeJobs(), ended); // its end was recorded, its backlog update was not
        // a claim whose backlog update never ran, and a release whose update never ran either
        queue.claim(job, "w1");
        store.redis().zadd(store.keys().backlog("h264"), 0, job + "/v00004");
        store.redis().zrem(store.keys().backlog("h264"), job + "/v00000");
        assertEquals(6, store.redis().zcard(store.keys().backlog("h264")), "4 of the job (one stale, one missing), 2 of the ended job");

        new Reaper(store, queue, "reaper", Duration.ofSeconds(5)).runOnce();
        assertBacklog(store, 4, "after one reaper pass");
        store.cancel(job, "test over");
        store.markInactive(job);
        assertBacklog(store, 0, "at the end");
    }
}
