package io.vidfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidfleet.common.jobs.JobRecord;
import io.vidfleet.common.jobs.JobState;
import io.vidfleet.common.jobs.TaskRecord;
import io.vidfleet.common.media.Ffmpeg;
import io.vidfleet.common.media.MediaProbe;
import io.vidfleet.common.store.JobStore;
import io.vidfleet.coordinator.JobSubmitter;
import io.vidfleet.coordinator.SubmitRequest;
import io.vidfleet.coordinator.SubmittedJob;
import io.vidfleet.testing.TestMedia;
import io.vidfleet.testing.TestRedis;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Separate worker JVMs, as users run them: they share the work, and one killed mid-chunk loses nothing. */
class WorkerProcessIT {
    private Cluster cluster;
    private WorkerProcesses workers;

    @BeforeEach
    void start() {
        cluster = new Cluster(TestRedis.store(), 0, Cluster.fastSettings());
    }

    @AfterEach
    void stop() {
        if (workers != null) {
            workers.close();
        }
        cluster.close();
    }

    private WorkerProcesses startWorkers(int count) {
        return WorkerProcesses.start(count, List.of("--redis", TestRedis.url(), "--storage", cluster.storage.root().toString(),
                "--queues", "h264", "--threads", "1", "--grace-seconds", "5"), cluster.storage.root().resolve("logs"));
    }

    private SubmittedJob submit(Path clip, double chunkSeconds, Duration lease) {
        return new JobSubmitter(cluster.store, cluster.storage).submit(SubmitRequest.of(clip, "h264-720p")
                .withChunkLength(Duration.ofMillis((long) (chunkSeconds * 1000))).withLease(lease));
    }

    @Test
    void twoWorkerProcessesShareOneJob() {
        Path clip = TestMedia.standard("shared-640.mp4", 12, 640, 360);
        workers = startWorkers(2);
        SubmittedJob job = submit(clip, 1.5, Duration.ofSeconds(30));
        JobRecord done = cluster.await(job.jobId(), Duration.ofMinutes(3));
        assertEquals(JobState.DONE, done.state(), done.reason());
        Set<String> byWhom = cluster.store.tasks(job.jobId()).stream().map(TaskRecord::worker).collect(Collectors.toSet());
        assertEquals(2, byWhom.size(), "both workers did work: " + byWhom);
        int frames = new MediaProbe(Ffmpeg.get()).timeline(cluster.output(done)).size();
        assertEquals(job.frames(), frames);
    }

    @Test
    void aWorkerKilledMidChunkLosesNothing() throws Exception {
        Path clip = TestMedia.standard("killed-1280.mp4", 8, 1280, 720);
        workers = startWorkers(1);
        SubmittedJob job = submit(clip, 4, Duration.ofSeconds(3));
        TaskRecord running = awaitRunningVideoTask(cluster.store, job.jobId());
        workers.processes().get(0).destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no report
        workers.close();
        workers = startWorkers(1);

        JobRecord done = cluster.await(job.jobId(), Duration.ofMinutes(3));
        assertEquals(JobState.DONE, done.state(), done.reason());
        Map<String, TaskRecord> tasks = cluster.store.tasks(job.jobId()).stream()
                .collect(Collectors.toMap(t -> t.spec().id(), t -> t));
        assertEquals(2, tasks.get(running.spec().id()).attempts(), "redelivered once after the lease expired");
        assertTrue(tasks.get(running.spec().id()).history().contains("lease expired"));
        assertEquals(job.frames(), new MediaProbe(Ffmpeg.get()).timeline(cluster.output(done)).size(), "frame-exact");
    }

    static TaskRecord awaitRunningVideoTask(JobStore store, String jobId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            for (TaskRecord task : store.tasks(jobId)) {
                if (task.spec().chunk() != null && task.state() == io.vidfleet.common.jobs.TaskState.RUNNING) {
                    Cluster.sleep(500); // let FFmpeg get going
                    return task;
                }
            }
            Cluster.sleep(50);
        }
        throw new AssertionError("no video task started");
    }

    @Test
    void aWorkerThatCannotStopInTimeIsKilledTogetherWithItsFfmpeg() throws Exception {
        workers = WorkerProcesses.start(1, List.of("--redis", TestRedis.url(), "--storage", cluster.storage.root().toString(),
                "--queues", "h264", "--threads", "1", "--grace-seconds", "0"), cluster.storage.root().resolve("logs-frozen"));
        submit(TestMedia.standard("shared-640.mp4", 12, 640, 360), 12, Duration.ofSeconds(30));
        ProcessHandle worker = workers.processes().get(0).toHandle();
        List<ProcessHandle> encodes = List.of();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (encodes.isEmpty() && System.nanoTime() < deadline) {
            encodes = worker.descendants().filter(p -> p.info().command().map(c -> c.endsWith("ffmpeg")).orElse(false)).toList();
            Thread.sleep(20);
        }
        assertFalse(encodes.isEmpty(), "the worker is encoding");
        Processes.freeze(worker); // it cannot act on SIGTERM: the pool must kill it, and its FFmpeg
        workers.stop(Duration.ofSeconds(1));
        for (ProcessHandle encode : encodes) {
            encode.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertFalse(encode.isAlive(), "no FFmpeg outlives its worker");
        }
        workers = null;
    }
}
