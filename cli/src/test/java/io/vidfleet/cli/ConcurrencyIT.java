package io.vidfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vidfleet.common.jobs.JobRecord;
import io.vidfleet.common.jobs.JobState;
import io.vidfleet.common.jobs.TaskRecord;
import io.vidfleet.coordinator.JobSubmitter;
import io.vidfleet.coordinator.SubmitRequest;
import io.vidfleet.coordinator.SubmittedJob;
import io.vidfleet.testing.TestMedia;
import io.vidfleet.testing.TestRedis;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A worker process with more slots than a default connection pool, and fewer tasks than idle slots
 * could fill that pool: idle slots blocked in BLPOP must
 * never keep the busy ones from extending their leases and reporting.
 */
class ConcurrencyIT {
    /** Short next to the 10 s a blocked BLPOP holds its connection. */
    private static final Duration LEASE = Duration.ofSeconds(3);

    private static SubmittedJob submit(Cluster cluster, Duration lease) {
        return new JobSubmitter(cluster.store, cluster.storage).submit(SubmitRequest.of(TestMedia.noAudio(), "h264-720p")
                .withChunkLength(Duration.ofSeconds(2)).withLease(lease));
    }

    private static void awaitWorker(Cluster cluster) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            for (String key : cluster.store.redis().keys(cluster.store.keys().process("worker-*"))) {
                if ("12".equals(cluster.store.redis().hget(key, "slots"))) {
                    return;
                }
            }
            Cluster.sleep(100);
        }
        throw new AssertionError("the worker process never came up");
    }

    @Test
    void twelveSlotsWithShortLeasesLoseNoLease() {
        try (Cluster cluster = new Cluster(TestRedis.store(), 0, Cluster.fastSettings())) {
            WorkerProcesses workers = WorkerProcesses.start(1, List.of("--redis", TestRedis.url(), "--storage",
                    cluster.storage.root().toString(), "--queues", "h264", "--threads", "1", "--concurrency", "12",
                    "--grace-seconds", "0"), cluster.storage.root().resolve("logs"));
            try {
                awaitWorker(cluster);
                // a first job warms the worker up (class loading, JIT) with a lease no slow start can lose
                cluster.await(submit(cluster, Duration.ofSeconds(60)).jobId(), Duration.ofMinutes(2));
                Cluster.sleep(1_000); // its idle slots are blocked in BLPOP again
                long started = System.nanoTime();
                SubmittedJob job = submit(cluster, LEASE);
                JobRecord done = cluster.await(job.jobId(), Duration.ofMinutes(2));
                long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
                List<TaskRecord> tasks = cluster.store.tasks(job.jobId());
                int attempts = tasks.stream().mapToInt(TaskRecord::attempts).sum();
                System.out.printf("concurrency 12, lease 3 s: %d tasks, %d attempts, %d ms%n", tasks.size(), attempts, millis);
                assertEquals(JobState.DONE, done.state(), done.reason());
                assertEquals(tasks.size(), attempts, "no lease expired, no task ran twice: " + tasks);
            } finally {
                workers.close();
            }
        }
    }
}
