package io.vidfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidfleet.common.jobs.JobState;
import io.vidfleet.common.queue.ClaimOutcome;
import io.vidfleet.common.queue.TaskQueue;
import io.vidfleet.common.storage.ChunkStorage;
import io.vidfleet.common.storage.SharedDirectoryStorage;
import io.vidfleet.common.store.JobStore;
import io.vidfleet.coordinator.Coordinator;
import io.vidfleet.coordinator.CoordinatorSettings;
import io.vidfleet.coordinator.JobSubmitter;
import io.vidfleet.coordinator.Retention;
import io.vidfleet.coordinator.SubmitRequest;
import io.vidfleet.testing.TestJobs;
import io.vidfleet.testing.TestMedia;
import io.vidfleet.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing of an ended job stays forever: after 50 jobs (done, failed, cancelled) and their retention,
 * only the keys that are bounded by design remain in Redis, and the jobs' files are gone.
 */
class RetentionIT {
    @RegisterExtension
    static final OwnRedis redis = new OwnRedis();
    private static JobStore store;

    @TempDir
    Path dir;

    @BeforeAll
    static void useOwnRedis() {
        store = redis.store();
    }

    @Test
    void fiftyEndedJobsLeaveOnlyBoundedKeysAfterTheirRetention() throws Exception {
        long baseKeys = store.redis().dbSize();
        long baseMemory = usedMemory();
        long baseKeyBytes = keyBytes();
        SharedDirectoryStorage storage = new SharedDirectoryStorage(dir.resolve("storage"));
        TaskQueue queue = new TaskQueue(store.redis(), store.keys());
        for (int i = 0; i < 48; i++) { // jobs made in Redis: half cancelled, half failed with chunks kept in storage
            String jobId = TestJobs.create(store, TestJobs.draft(3, Duration.ofSeconds(30), 1));
            store.redis().set(store.keys().idempotency("key-" + i), jobId);
            store.redis().hset(store.keys().job(jobId), "idempotencyKey", "key-" + i);
            if (i % 2 == 0) {
                store.cancel(jobId, "test");
            } else {
                ClaimOutcome claimed = queue.claim(jobId, "test-worker");
                Files.createDirectories(storage.localPath(ChunkStorage.jobDir(jobId) + "/tasks"));
                Files.writeString(storage.localPath(ChunkStorage.attemptKey(jobId, "v00000", 1, "mp4")), "a finished chunk");
                queue.fail(claimed.task(), "boom", false, Duration.ZERO);
            }
        }
        JobSubmitter submitter = new JobSubmitter(store, storage);
        for (int i = 0; i < 2; i++) { // and two real ones, done
            submitter.submit(SubmitRequest.of(TestMedia.noAudio(), "h264-720p").withChunkLength(Duration.ofSeconds(30))
                    .withIdempotencyKey("real-" + i));
        }
        long peakKeys = store.redis().dbSize();
        long peakMemory = usedMemory();
        long peakKeyBytes = keyBytes();
        CoordinatorSettings settings = new CoordinatorSettings(Duration.ofMillis(200), Duration.ofSeconds(10),
                Duration.ofMillis(200)).withRetention(Retention.all(Duration.ofSeconds(2)));
        try (Coordinator coordinator = new Coordinator(store, storage, settings);
             Worker worker = new Worker(store, storage, Cluster.fastSettings())) {
            coordinator.start();
            worker.start();
            awaitTrue(() -> store.redis().zcard(store.keys().jobs()) == 0, "every job is purged");
        }
        Set<String> left = new TreeSet<>(store.redis().keys("*"));
        left.removeIf(k -> k.equals(store.keys().events()) || k.equals(store.keys().storages()) || k.endsWith(":signal") || k.startsWith(store.keys().process(""))
                || k.equals(store.keys().reaperLock()));
        long endKeys = store.redis().dbSize();
        long endMemory = usedMemory();
        long endKeyBytes = keyBytes();
        System.out.printf("retention: DBSIZE %d before, %d with 50 jobs, %d after purge; MEMORY USAGE of the keys "
                        + "(events stream aside) %d, %d, %d bytes; INFO used_memory %d, %d, %d bytes; events stream %d entries%n",
                baseKeys, peakKeys, endKeys, baseKeyBytes, peakKeyBytes, endKeyBytes, baseMemory, peakMemory, endMemory,
                store.redis().xlen(store.keys().events()));
        assertEquals(Set.of(), left, "only bounded keys remain (events stream, storages, signals, presence, locks)");
        assertTrue(endKeys <= baseKeys + 6, "keys after: " + endKeys);
        assertTrue(peakKeys > baseKeys + 50 * 5, "the jobs were there: " + peakKeys);
        assertTrue(endKeyBytes <= baseKeyBytes + 1024, "the keys' memory is back at the baseline: "
                + baseKeyBytes + " -> " + peakKeyBytes + " -> " + endKeyBytes);
        Path jobs = storage.root().resolve("jobs");
        assertTrue(!Files.exists(jobs) || Files.list(jobs).findAny().isEmpty(), "no job files left");
        assertEquals(2, Files.list(storage.root().resolve("outputs")).count(), "outputs are never purged");
    }

    @Test
    void purgeOlderThanRemovesEndedJobsOnly() {
        SharedDirectoryStorage storage = new SharedDirectoryStorage(dir.resolve("storage"));
        String ended = TestJobs.create(store, TestJobs.draft(2, Duration.ofSeconds(30), 1));
        store.cancel(ended, "test");
        String running = TestJobs.create(store, TestJobs.draft(2, Duration.ofSeconds(30), 1));
        CliRun purge = CliRun.of("purge", "--older-than", "0s", "--redis", redis.url(), "--storage", storage.root().toString());
        assertEquals(0, purge.exit(), purge.toString());
        assertTrue(purge.out().contains("job(s) purged"), purge.out());
        assertTrue(store.find(ended).isEmpty(), "the cancelled job is gone");
        assertEquals(JobState.QUEUED, store.get(running).state(), "a job that has not ended stays");
        store.deleteJob(running, "h264", io.vidfleet.common.jobs.Priority.NORMAL);
    }

    /** INFO memory's {@code used_memory} (with client buffers, script cache and table overhead), for the record. */
    private static long usedMemory() {
        for (String line : store.redis().info("memory").split("\r?\n")) {
            if (line.startsWith("used_memory:")) {
                return Long.parseLong(line.substring("used_memory:".length()).trim());
            }
        }
        throw new AssertionError("no used_memory in INFO memory");
    }

    /** What the keys hold: MEMORY USAGE of every key but the events stream (bounded by its MAXLEN), summed. */
    private static long keyBytes() {
        return store.redis().keys("*").stream().filter(k -> !k.equals(store.keys().events()))
                .mapToLong(k -> store.redis().memoryUsage(k, 0)).sum();
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what + "; keys: " + store.redis().keys("vf:*"));
            }
            Thread.sleep(100);
        }
    }
}
