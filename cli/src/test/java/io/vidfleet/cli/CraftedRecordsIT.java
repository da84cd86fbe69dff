package io.vidfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidfleet.common.jobs.TaskState;
import io.vidfleet.common.storage.SharedDirectoryStorage;
import io.vidfleet.common.store.JobStore;
import io.vidfleet.coordinator.Coordinator;
import io.vidfleet.coordinator.CoordinatorSettings;
import io.vidfleet.coordinator.JobSubmitter;
import io.vidfleet.coordinator.SubmitRequest;
import io.vidfleet.testing.TestJobs;
import io.vidfleet.testing.TestMedia;
import io.vidfleet.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records an attacker wrote into Redis by hand: ids that would become paths outside a job's directory,
 * and states no code knows. They are quarantined with a log line; nothing outside the job is touched
 * and the loops go on with the other jobs.
 */
class CraftedRecordsIT {
    @RegisterExtension
    static final OwnRedis redis = new OwnRedis();
    private static JobStore store;

    @TempDir
    Path dir;

    @BeforeAll
    static void useOwnRedis() {
        store = redis.store();
    }

    private Coordinator coordinator(SharedDirectoryStorage storage) {
        Coordinator coordinator = new Coordinator(store, storage, new CoordinatorSettings(Duration.ofMillis(200),
                Duration.ofSeconds(10), Duration.ofMillis(200)));
        coordinator.start();
        return coordinator;
    }

    @Test
    void aJobWhoseIdIsDotDotNeverDeletesTheStorage() throws Exception {
        SharedDirectoryStorage storage = new SharedDirectoryStorage(dir.resolve("storage"));
        Path canary = Files.writeString(storage.root().resolve("canary.txt"), "keep me");
        Path otherJob = storage.localPath("jobs/other-job/source.mp4");
        Files.createDirectories(otherJob.getParent());
        Files.writeString(otherJob, "another job's input");
        store.redis().hset(store.keys().job("evil"), Map.of("id", "..", "state", "cancelled"));
        store.redis().sadd(store.keys().activeJobs(), "evil");
        try (Coordinator ignored = coordinator(storage)) {
            awaitTrue(() -> !store.redis().sismember(store.keys().activeJobs(), "evil"), "evil leaves the active set");
        }
        assertTrue(Files.exists(canary), "the storage root survives");
        assertTrue(Files.exists(otherJob), "another job's files survive");
        assertTrue(store.redis().zscore(store.keys().quarantined(), "evil") != null, "quarantined for an operator to look at");
    }

    @Test
    void recordsThatFailToParseAreQuarantinedAndTheLoopGoesOn() throws Exception {
        SharedDirectoryStorage storage = new SharedDirectoryStorage(dir.resolve("storage"));
        for (int i = 0; i < 30; i++) {
            // half with the fields the reaper reads, so the coordinator's own parse has to catch them
            store.redis().hset(store.keys().job("bogus-" + i), i % 2 == 0 ? Map.of("id", "bogus-" + i, "state", "bogus")
                    : Map.of("id", "bogus-" + i, "state", "bogus", "queue", "h264", "priority", "normal", "createdAt", "1"));
            store.redis().sadd(store.keys().activeJobs(), "bogus-" + i);
            store.redis().zadd(store.keys().jobs(), i, "bogus-" + i);
        }
        String legit = TestJobs.create(store, TestJobs.draft(2, Duration.ofSeconds(30), 3));
        store.cancel(legit, "test");
        try (Coordinator ignored = coordinator(storage)) {
            awaitTrue(() -> !store.redis().sismember(store.keys().activeJobs(), legit), "the real job is finished");
            awaitTrue(() -> store.redis().scard(store.keys().activeJobs()) == 0, "every bogus record leaves the active set");
        }
        assertEquals(30, store.redis().zrange(store.keys().quarantined(), 0, -1).stream().filter(id -> id.startsWith("bogus-")).count());
        assertEquals(0, CliRun.of("status", "--redis", redis.url()).exit(), "status still lists jobs beside bogus records");
    }

    @Test
    void aCraftedTaskIdNeverBecomesAPathAndTheTaskIsDeadLettered() throws Exception {
        SharedDirectoryStorage storage = new SharedDirectoryStorage(dir.resolve("storage"));
        Path victim = storage.localPath("outputs/victim.mp4");
        Files.createDirectories(victim.getParent());
        Files.writeString(victim, "another job's output");
        String jobId = new JobSubmitter(store, storage).submit(SubmitRequest.of(TestMedia.noAudio(), "h264-720p")
                .withChunkLength(Duration.ofSeconds(30)).withMaxAttempts(1)).jobId();
        String taskKey = store.keys().task(jobId, "v00000");
        String spec = store.redis().hget(taskKey, "spec");
        store.redis().hset(taskKey, "spec", spec.replace("\"v00000\"", "\"../../../outputs/victim\""));
        try (Worker worker = new Worker(store, storage, Cluster.fastSettings())) {
            worker.start();
            awaitTrue(() -> TaskState.DEAD.wire().equals(store.redis().hget(taskKey, "state")), "the task is dead-lettered");
        }
        assertEquals("another job's output", Files.readString(victim), "the other job's output is untouched");
        assertTrue(store.redis().hget(taskKey, "error").contains("invalid task record"), store.redis().hget(taskKey, "error"));
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(50);
        }
    }

    /** {@code vidfleet status} through the command line. */
    private record StatusCommandProbe(String url) {
        boolean listFails() {
            var cli = VidfleetCommand.commandLine();
            cli.setOut(new java.io.PrintWriter(new java.io.StringWriter()));
            cli.setErr(new java.io.PrintWriter(new java.io.StringWriter()));
            return cli.execute("status", "--redis", url) != 0;
        }
    }
}
