package io.vidfleet.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidfleet.common.jobs.JobRecord;
import io.vidfleet.common.jobs.JobState;
import io.vidfleet.common.jobs.TaskRecord;
import io.vidfleet.common.jobs.TaskState;
import io.vidfleet.common.media.Ffmpeg;
import io.vidfleet.common.media.MediaProbe;
import io.vidfleet.common.store.JobStore;
import io.vidfleet.coordinator.Coordinator;
import io.vidfleet.coordinator.CoordinatorSettings;
import io.vidfleet.coordinator.JobSubmitter;
import io.vidfleet.coordinator.SubmitRequest;
import io.vidfleet.coordinator.SubmittedJob;
import io.vidfleet.common.media.SampleVideo;
import io.vidfleet.testing.TestMedia;
import io.vidfleet.testing.TestRedis;
import io.vidfleet.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;

/**
 * What happens when things go wrong, with real worker processes, real FFmpeg and short leases:
 * frozen and killed workers, chunks that always fail, cancelled jobs, coordinators that die.
 */
class FailureModesIT {
    private static final MediaProbe PROBE = new MediaProbe(Ffmpeg.get());
    private Cluster cluster;
    private WorkerProcesses first;
    private WorkerProcesses second;

    @BeforeEach
    void start() {
        cluster = new Cluster(TestRedis.store(), 0, Cluster.fastSettings());
    }

    @AfterEach
    void stop() {
        for (WorkerProcesses workers : new WorkerProcesses[] {first, second}) {
            if (workers != null) {
                workers.processes().forEach(p -> Processes.thaw(p.toHandle()));
                workers.close();
            }
        }
        cluster.close();
    }

    private WorkerProcesses workerProcess(String name, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("--redis", TestRedis.url(), "--storage",
                cluster.storage.root().toString(), "--queues", "h264", "--threads", "1", "--grace-seconds", "0"));
        args.addAll(List.of(extra));
        return WorkerProcesses.start(1, args, cluster.storage.root().resolve("logs-" + name));
    }

    private SubmittedJob submit(Path clip, double chunkSeconds, Duration lease, int maxAttempts) {
        return new JobSubmitter(cluster.store, cluster.storage).submit(SubmitRequest.of(clip, "h264-720p")
                .withChunkLength(Duration.ofMillis((long) (chunkSeconds * 1000))).withLease(lease).withMaxAttempts(maxAttempts));
    }

    private Map<String, TaskRecord> tasks(String jobId) {
        return cluster.store.tasks(jobId).stream().collect(Collectors.toMap(t -> t.spec().id(), t -> t));
    }

    private void assertFrameExact(SubmittedJob job, JobRecord done) {
        assertEquals(JobState.DONE, done.state(), done.reason());
        assertEquals(job.frames(), PROBE.timeline(cluster.output(done)).size(), "frame-exact");
    }

    @Test
    void aFrozenWorkerThatWakesUpCannotOverwriteTheNewerResult() throws Exception {
        Path clip = TestMedia.standard("frozen-1280.mp4", 8, 1280, 720);
        first = workerProcess("frozen");
        SubmittedJob job = submit(clip, 4, Duration.ofSeconds(3), 5);
        TaskRecord stolen = WorkerProcessIT.awaitRunningVideoTask(cluster.store, job.jobId());
        ProcessHandle frozen = first.processes().get(0).toHandle();
        Processes.freeze(frozen); // the JVM and its FFmpeg: no extension, no progress
        second = workerProcess("healthy");

        JobRecord done = cluster.await(job.jobId(), Duration.ofMinutes(3));
        assertFrameExact(job, done);
        byte[] before = Files.readAllBytes(cluster.output(done));
        TaskRecord after = tasks(job.jobId()).get(stolen.spec().id());
        assertNotEquals(stolen.worker(), after.worker(), "another worker completed the chunk");
        assertEquals(2, after.attempts());

        Processes.thaw(frozen);
        Path log = cluster.storage.root().resolve("logs-frozen/worker-1.log");
        awaitLogLine(log, "lease");
        Thread.sleep(1_000);
        assertArrayEquals(before, Files.readAllBytes(cluster.output(done)), "the final output is unchanged");
        assertFalse(Files.exists(cluster.storage.localPath("jobs/" + job.jobId())), "nothing of the late attempt is left");
        String text = Files.readString(log);
        assertTrue(text.contains("aborting the task") || text.contains("dropping this attempt"), text);
        assertFalse(text.contains(stolen.spec().id() + ": done in"), "the frozen worker reported nothing for that chunk: " + text);
    }

    @Test
    void aChunkThatCannotBeDecodedIsDeadLetteredAtOnceAndRequeueCompletesIt() throws Exception {
        Path clip = TestMedia.noAudio();
        SubmittedJob job = submit(clip, 10, Duration.ofSeconds(30), 5);
        Path source = cluster.storage.localPath(cluster.store.get(job.jobId()).input());
        Files.delete(source); // the hard link only: the test clip itself stays intact
        Files.writeString(source, "garbage ".repeat(1000));
        try (Worker worker = new Worker(cluster.store, cluster.storage, Cluster.fastSettings())) {
            worker.start();
            JobRecord failed = cluster.await(job.jobId(), Duration.ofMinutes(1));
            assertEquals(JobState.FAILED, failed.state());
            assertTrue(failed.reason().contains("after 1 attempt"), failed.reason());
            assertEquals(1, cluster.store.redis().llen(cluster.store.keys().dead(job.jobId())));
            assertTrue(lastEvent(job.jobId()).getFields().get("reason").contains("after 1 attempt"), "the event says why");

            Files.delete(source);
            Files.copy(clip, source);
            Run requeue = run("requeue", job.jobId(), "--redis", TestRedis.url());
            assertEquals(0, requeue.exit, requeue.err);
            assertFrameExact(job, cluster.await(job.jobId(), Duration.ofMinutes(1)));
        }
    }

    @Test
    void aChunkThatKillsItsWorkerEveryTimeIsDeadLetteredByDeliveryCount() throws Exception {
        // no audio: a worker runs the audio task beside its chunk, and only the chunk's deliveries are counted here
        SubmittedJob job = submit(TestMedia.make("poison-1280-silent.mp4",
                SampleVideo.standard(4).withSize(1280, 720).withGop(60).withoutAudio()), 10, Duration.ofSeconds(2), 2);
        for (int delivery = 1; delivery <= 2; delivery++) {
            first = workerProcess("poison-" + delivery);
            awaitTaskAttempt(job.jobId(), "v00000", delivery);
            first.processes().get(0).destroyForcibly().waitFor();
            first.close();
        }
        first = null;
        JobRecord failed = cluster.await(job.jobId(), Duration.ofMinutes(1));
        assertEquals(JobState.FAILED, failed.state());
        assertTrue(failed.reason().contains("task v00000 dead-lettered: delivered 2 times"), failed.reason());

        first = workerProcess("after-fix");
        assertEquals(0, run("requeue", job.jobId(), "--redis", TestRedis.url()).exit);
        assertFrameExact(job, cluster.await(job.jobId(), Duration.ofMinutes(2)));
    }

    @Test
    void aStoppingWorkerGivesItsChunkBackAtOnceUncounted() throws Exception {
        SubmittedJob job = submit(TestMedia.standard("released-1280.mp4", 8, 1280, 720), 8, Duration.ofSeconds(60), 5);
        first = workerProcess("stopping");
        TaskRecord running = WorkerProcessIT.awaitRunningVideoTask(cluster.store, job.jobId());
        first.processes().get(0).destroy(); // SIGTERM, grace 0
        first.processes().get(0).waitFor();
        TaskRecord released = tasks(job.jobId()).get(running.spec().id());
        assertEquals(TaskState.READY, released.state(), "back on the queue without waiting for the 60 s lease");
        assertEquals(0, released.attempts(), "a release is not a failed attempt");
        second = workerProcess("next");
        assertFrameExact(job, cluster.await(job.jobId(), Duration.ofMinutes(2)));
    }

    @Test
    void cancellingStopsRunningChunksWithinOneHeartbeatAndLeavesOnlyTheJobRecord() throws Exception {
        SubmittedJob job = submit(TestMedia.standard("cancel-1280.mp4", 8, 1280, 720), 2, Duration.ofSeconds(3), 5);
        try (Worker a = new Worker(cluster.store, cluster.storage, Cluster.fastSettings());
             Worker b = new Worker(cluster.store, cluster.storage, Cluster.fastSettings())) {
            a.start();
            b.start();
            WorkerProcessIT.awaitRunningVideoTask(cluster.store, job.jobId());
            Run cancel = run("cancel", job.jobId(), "--redis", TestRedis.url());
            assertEquals(0, cancel.exit, cancel.err);
            Thread.sleep(1_000 + 1_500); // one heartbeat (a third of the 3 s lease) and some slack
            assertEquals(0, Processes.runningFfmpegs(), "no encode runs after one heartbeat");
            JobRecord cancelled = cluster.await(job.jobId(), Duration.ofSeconds(30));
            assertEquals(JobState.CANCELLED, cancelled.state());
            Set<String> keys = Set.copyOf(cluster.store.redis().keys("*" + job.jobId() + "*"));
            assertEquals(Set.of(cluster.store.keys().job(job.jobId())), keys, "only the job record is left");
            assertFalse(Files.exists(cluster.storage.localPath("jobs/" + job.jobId())), "intermediates deleted");
        }
    }

    @Test
    void aCoordinatorThatDiedWhileStitchingIsReplacedAndTwoCoordinatorsStitchOnce() throws Exception {
        cluster.close(); // this test runs its own coordinators
        JobStore store = TestRedis.store();
        SubmittedJob job = new JobSubmitter(store, cluster.storage).submit(SubmitRequest.of(TestMedia.shortGop(), "h264-720p")
                .withChunkLength(Duration.ofSeconds(2)));
        try (Worker worker = new Worker(store, cluster.storage, Cluster.fastSettings())) {
            worker.start();
            awaitState(store, job.jobId(), JobState.STITCHING);
        }
        // a coordinator took the stitch lease, wrote part of the output, and died
        store.redis().psetex(store.keys().stitchLease(job.jobId()), 2_000, "coordinator-that-died");
        Path output = cluster.storage.localPath("outputs/" + job.jobId() + ".mp4");
        Files.createDirectories(output.getParent());
        Files.writeString(output.resolveSibling(".partial-" + job.jobId() + "-" + output.getFileName()), "half a file");

        CoordinatorSettings settings = new CoordinatorSettings(Duration.ofMillis(200), Duration.ofSeconds(10), Duration.ofMillis(500));
        try (Coordinator one = new Coordinator(store, cluster.storage, settings);
             Coordinator two = new Coordinator(store, cluster.storage, settings)) {
            one.start();
            two.start();
            Thread.sleep(1_000);
            assertEquals(JobState.STITCHING, store.get(job.jobId()).state(), "nobody stitches while the lease is held");
            JobRecord done = awaitState(store, job.jobId(), JobState.DONE);
            Thread.sleep(1_500);
            assertEquals(job.frames(), PROBE.timeline(Path.of(done.output())).size());
            long stitches = store.redis().xrange(store.keys().log(job.jobId()), (StreamEntryID) null, null).stream()
                    .filter(e -> "job-done".equals(e.getFields().get("event"))).count();
            assertEquals(1, stitches, "one stitch");
            long events = store.redis().xrange(store.keys().events(), (StreamEntryID) null, null).stream()
                    .filter(e -> job.jobId().equals(e.getFields().get("job")) && "done".equals(e.getFields().get("event"))).count();
            assertEquals(1, events, "one completion event");
            try (var files = Files.list(output.getParent())) {
                assertEquals(List.of(output), files.filter(p -> p.getFileName().toString().contains(job.jobId())).toList(),
                        "one output, no partial file");
            }
        }
    }

    @Test
    void aHungEncodeIsKilledByItsWorkerAndRetried() throws Exception {
        SubmittedJob job = submit(TestMedia.standard("hung-1280.mp4", 6, 1280, 720), 10, Duration.ofSeconds(30), 5);
        try (Worker worker = new Worker(cluster.store, cluster.storage, Cluster.fastSettings()
                .withHangTimeout(Duration.ofSeconds(2)).withRetryBackoff(Duration.ofMillis(100)))) {
            worker.start();
            TaskRecord running = WorkerProcessIT.awaitRunningVideoTask(cluster.store, job.jobId());
            ProcessHandle.current().descendants()
                    .filter(p -> p.info().command().map(c -> c.endsWith("ffmpeg")).orElse(false))
                    .forEach(Processes::freeze); // alive but silent: no -progress output
            JobRecord done = cluster.await(job.jobId(), Duration.ofMinutes(2));
            assertFrameExact(job, done);
            TaskRecord after = tasks(job.jobId()).get(running.spec().id());
            assertEquals(2, after.attempts());
            assertTrue(after.history().contains("no progress for 2 s"), after.history());
        }
    }

    @Test
    void aWorkerWhoseLeaseIsTakenOverAbortsItsEncodeAtOnce() throws Exception {
        SubmittedJob job = submit(TestMedia.standard("taken-1280.mp4", 8, 1280, 720), 10, Duration.ofSeconds(3), 5);
        try (Worker worker = new Worker(cluster.store, cluster.storage, Cluster.fastSettings())) {
            worker.start();
            TaskRecord running = WorkerProcessIT.awaitRunningVideoTask(cluster.store, job.jobId());
            List<ProcessHandle> encodes = Processes.videoEncodes();
            assertFalse(encodes.isEmpty(), "the task's encode is running");
            cluster.store.redis().hset(cluster.store.keys().task(job.jobId(), running.spec().id()), "token", "999999");
            // that encode itself, not any ffmpeg: the lease runs out 2 s after the change at the earliest, and the
            // task's redelivery may start a new one just then
            // one heartbeat (a third of 3 s) and some slack
            long deadline = System.nanoTime() + Duration.ofMillis(1_000 + 1_000).toNanos();
            while (encodes.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(encodes.stream().noneMatch(ProcessHandle::isAlive), "the encode was killed when the extension failed");
            JobRecord done = cluster.await(job.jobId(), Duration.ofMinutes(2));
            assertFrameExact(job, done);
            assertEquals(2, tasks(job.jobId()).get(running.spec().id()).attempts(), "redelivered after its lease ran out");
        }
    }

    record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        var cli = VidfleetCommand.commandLine();
        var out = new java.io.StringWriter();
        var err = new java.io.StringWriter();
        cli.setOut(new java.io.PrintWriter(out, true));
        cli.setErr(new java.io.PrintWriter(err, true));
        return new Run(cli.execute(args), out.toString(), err.toString());
    }

    private StreamEntry lastEvent(String jobId) {
        List<StreamEntry> events = cluster.store.redis().xrange(cluster.store.keys().events(), (StreamEntryID) null, null);
        for (int i = events.size() - 1; i >= 0; i--) {
            if (jobId.equals(events.get(i).getFields().get("job"))) {
                return events.get(i);
            }
        }
        throw new AssertionError("no event for " + jobId);
    }

    private void awaitTaskAttempt(String jobId, String taskId, int attempt) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            TaskRecord task = tasks(jobId).get(taskId);
            if (task.state() == TaskState.RUNNING && task.attempts() == attempt) {
                Cluster.sleep(300);
                return;
            }
            Cluster.sleep(50);
        }
        throw new AssertionError(taskId + " never ran attempt " + attempt + ": " + tasks(jobId).get(taskId)
                + "; job: " + cluster.store.get(jobId) + "; all tasks: " + tasks(jobId).values());
    }

    private static JobRecord awaitState(JobStore store, String jobId, JobState state) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            JobRecord job = store.get(jobId);
            if (job.state() == state) {
                return job;
            }
            Cluster.sleep(50);
        }
        throw new AssertionError(jobId + " never reached " + state + ": " + store.get(jobId));
    }

    private static void awaitLogLine(Path log, String text) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(text)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no '" + text + "' in " + log + ": " + (Files.exists(log) ? Files.readString(log) : "(none)"));
    }
}
