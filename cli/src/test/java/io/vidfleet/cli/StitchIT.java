package io.vidfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidfleet.common.jobs.JobRecord;
import io.vidfleet.common.jobs.JobState;
import io.vidfleet.common.redis.RedisKeys;
import io.vidfleet.common.storage.SharedDirectoryStorage;
import io.vidfleet.common.store.JobStore;
import io.vidfleet.coordinator.JobSubmitter;
import io.vidfleet.coordinator.SubmitRequest;
import io.vidfleet.coordinator.SubmittedJob;
import io.vidfleet.testing.TestMedia;
import io.vidfleet.testing.TestRedis;
import io.vidfleet.worker.Worker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.params.XReadParams;
import redis.clients.jedis.resps.StreamEntry;

/** The stitch under faults: any error is counted and capped, a lost lease or a cancel stops it unpublished. */
class StitchIT {
    @TempDir
    Path dir;

    @Test
    void aStitchThatKeepsHittingAnIoErrorFailsTheJobAfterItsAttempts() throws IOException {
        // inside the storage: outputs elsewhere are refused unless an operator allows them
        Path outputs = Files.createDirectories(dir.resolve("storage").resolve("elsewhere"));
        try (Cluster cluster = new Cluster(TestRedis.store(), 1, Cluster.fastSettings(), dir.resolve("storage"))) {
            SubmittedJob job = new JobSubmitter(cluster.store, cluster.storage).submit(SubmitRequest.of(TestMedia.noAudio(),
                    "h264-720p").withChunkLength(Duration.ofSeconds(10)).withOutput(outputs.resolve("out.mp4")));
            Files.delete(outputs);
            Files.writeString(outputs, "a file where the output directory was"); // every stitch hits an I/O error
            JobRecord failed = cluster.await(job.jobId(), Duration.ofMinutes(2));
            assertEquals(JobState.FAILED, failed.state());
            assertTrue(failed.reason().contains("stitch failed 3 times"), failed.reason());
            assertTrue(failed.reason().contains("elsewhere"), "the last error names the problem: " + failed.reason());
        }
    }

    @Test
    void aCancelOrALostLeaseDuringTheStitchStopsItUnpublished() throws Exception {
        JobStore store = TestRedis.store();
        SharedDirectoryStorage storage = new SharedDirectoryStorage(dir.resolve("storage"));
        try (Worker worker = new Worker(store, storage, Cluster.fastSettings());
             CoordinatorProcess coordinator = new CoordinatorProcess(storage.root(), dir.resolve("coordinator.log"))) {
            worker.start();

            SubmittedJob cancelled = submit(store, storage);
            StreamEntryID stitched = awaitLogEvent(store, cancelled.jobId(), "stitched");
            Processes.freeze(coordinator.handle()); // between the join and the rename
            assertTrue(store.cancel(cancelled.jobId(), "cancelled during the stitch"));
            Processes.thaw(coordinator.handle());
            awaitLogLine(dir.resolve("coordinator.log"), "its output is not published");
            Path output = storage.localPath(store.get(cancelled.jobId()).output());
            assertFalse(Files.exists(output), "a cancelled job gets no output");
            assertEquals(JobState.CANCELLED, store.get(cancelled.jobId()).state());
            assertTrue(stitched != null);

            SubmittedJob stolen = submit(store, storage);
            awaitLogEvent(store, stolen.jobId(), "stitched");
            Processes.freeze(coordinator.handle());
            String lease = store.keys().stitchLease(stolen.jobId());
            store.redis().set(lease, "another-coordinator", SetParams.setParams().px(3_000)); // its lease is taken
            Processes.thaw(coordinator.handle());
            JobRecord done = awaitEnd(store, stolen.jobId());
            assertEquals(JobState.DONE, done.state(), done.reason());
            assertEquals("2", store.redis().hget(store.keys().job(stolen.jobId()), "stitchAttempts"),
                    "the first attempt stopped unpublished when its lease was lost; the second published");
            try (Stream<Path> files = Files.list(storage.root().resolve("outputs"))) {
                assertEquals(List.of(stolen.jobId() + ".mp4"), files.map(p -> p.getFileName().toString()).toList(),
                        "no partial file left, nothing of the cancelled job");
            }
        }
    }

    private static SubmittedJob submit(JobStore store, SharedDirectoryStorage storage) {
        return new JobSubmitter(store, storage).submit(SubmitRequest.of(TestMedia.standard("stitch-640.mp4", 6, 640, 360),
                "h264-720p").withChunkLength(Duration.ofSeconds(3)));
    }

    private static StreamEntryID awaitLogEvent(JobStore store, String jobId, String event) {
        StreamEntryID last = new StreamEntryID();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            var read = store.redis().xread(XReadParams.xReadParams().block(1_000), Map.of(store.keys().log(jobId), last));
            if (read == null) {
                continue;
            }
            for (var stream : read) {
                for (StreamEntry entry : stream.getValue()) {
                    last = entry.getID();
                    if (event.equals(entry.getFields().get("event"))) {
                        return entry.getID();
                    }
                }
            }
        }
        throw new AssertionError("no " + event + " event for " + jobId);
    }

    private static JobRecord awaitEnd(JobStore store, String jobId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            JobRecord job = store.get(jobId);
            if (job.state().terminal()) {
                return job;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + jobId + " did not end: " + store.get(jobId));
    }

    private static void awaitLogLine(Path log, String text) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(text)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no '" + text + "' in " + (Files.exists(log) ? Files.readString(log) : "(no log)"));
    }

    /** A coordinator JVM of its own, so that it can be frozen (SIGSTOP) at a chosen moment. */
    static final class CoordinatorProcess implements AutoCloseable {
        private final Process process;

        CoordinatorProcess(Path storage, Path log) throws IOException {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Main.class.getName(), "coordinator",
                    "--redis", TestRedis.url(), "--storage", storage.toString()));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put(RedisKeys.PREFIX_VARIABLE, TestRedis.PREFIX);
            process = builder.start();
        }

        ProcessHandle handle() {
            return process.toHandle();
        }

        @Override
        public void close() throws InterruptedException {
            Processes.thaw(process.toHandle());
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
