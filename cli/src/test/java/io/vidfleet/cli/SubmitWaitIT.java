package io.vidfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidfleet.common.jobs.JobRecord;
import io.vidfleet.common.jobs.JobState;
import io.vidfleet.common.redis.LocalRedisServer;
import io.vidfleet.common.redis.RedisConnector;
import io.vidfleet.common.store.JobStore;
import io.vidfleet.testing.TestMedia;
import io.vidfleet.testing.TestRedis;
import io.vidfleet.worker.Worker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code submit --wait} outlives a Redis restart, says so, and gives up after its timeout. */
class SubmitWaitIT {
    @TempDir
    Path dir;

    @Test
    void submitWaitRidesOutARedisRestart() throws Exception {
        try (LocalRedisServer redis = LocalRedisServer.started(true)) {
            JobStore store = new JobStore(RedisConnector.open(redis.url()), TestRedis.keys());
            try (Cluster cluster = new Cluster(store, 0, Cluster.fastSettings(), dir.resolve("storage"))) {
                CliRuns.Running submit = CliRuns.start("submit", TestMedia.noAudio().toString(), "--wait",
                        "--redis", redis.url(), "--storage", cluster.storage.root().toString(), "--chunk-seconds", "2");
                String jobId = awaitJobId(submit);
                redis.crash(); // while --wait polls: the job id is printed once the submit is done
                awaitText(submit, "reconnecting");
                Thread.sleep(1_500);
                redis.start();
                try (Worker worker = new Worker(store, cluster.storage, Cluster.fastSettings())) {
                    worker.start();
                    CliRuns.Run run = submit.result().get(3, TimeUnit.MINUTES);
                    assertEquals(0, run.exit(), run.toString());
                    assertTrue(run.err().contains("reconnected to Redis"), run.err());
                    assertEquals(JobState.DONE, store.get(jobId).state());
                }
            }
        }
    }

    @Test
    void submitWaitGivesUpAfterItsTimeoutAndTheJobGoesOn() throws Exception {
        JobStore store = TestRedis.store();
        long started = System.nanoTime();
        CliRuns.Run run = CliRuns.run("submit", TestMedia.noAudio().toString(), "--wait", "--timeout-seconds", "2",
                "--redis", TestRedis.url(), "--storage", dir.resolve("storage").toString());
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertEquals(3, run.exit(), run.toString());
        assertTrue(run.err().contains("did not end within 2 s"), run.err());
        assertTrue(took.compareTo(Duration.ofSeconds(60)) < 0, "it gave up: " + took);
        String jobId = run.out().strip();
        JobRecord job = store.get(jobId);
        assertEquals(JobState.QUEUED, job.state(), "no worker here: the job waits on");
        store.cancel(jobId, "test over");
    }

    private static String awaitJobId(CliRuns.Running submit) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            String out = submit.outSoFar();
            if (out.contains("\n")) {
                return out.lines().findFirst().orElseThrow().strip();
            }
            if (submit.result().isDone()) {
                throw new AssertionError("the submit ended: " + submit.result().join());
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the submit never printed its job id");
    }

    private static void awaitText(CliRuns.Running run, String text) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && !run.errSoFar().contains(text)) {
            if (run.result().isDone()) {
                throw new AssertionError("the command ended: " + run.result().join());
            }
            Thread.sleep(50);
        }
        assertTrue(run.errSoFar().contains(text), run.errSoFar());
    }
}
