package io.vidfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;


import io.vidfleet.common.jobs.DeliveryMode;
import io.vidfleet.common.jobs.JobRecord;
import io.vidfleet.common.jobs.JobState;
import io.vidfleet.common.jobs.TaskRecord;
import io.vidfleet.common.jobs.TaskState;
import io.vidfleet.common.media.Ffmpeg;
import io.vidfleet.common.media.MediaProbe;
import io.vidfleet.common.media.SampleVideo;
import io.vidfleet.common.redis.LocalRedisServer;
import io.vidfleet.common.redis.RedisConnector;
import io.vidfleet.testing.TestRedis;
import io.vidfleet.common.store.JobStore;
import io.vidfleet.coordinator.JobSubmitter;
import io.vidfleet.coordinator.SubmitRequest;
import io.vidfleet.coordinator.SubmittedJob;
import io.vidfleet.testing.TestMedia;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Redis is killed mid-job and comes back with its append-only file: everyone reconnects, nothing is lost. */
class RedisOutageIT {

    @Test
    void aJobSurvivesARedisRestart() throws Exception {
        try (LocalRedisServer redis = LocalRedisServer.started(true)) {
            JobStore store = new JobStore(RedisConnector.open(redis.url()), TestRedis.keys());
            try (Cluster cluster = new Cluster(store, 2, Cluster.fastSettings())) {
                SubmittedJob job = new JobSubmitter(store, cluster.storage).submit(
                        SubmitRequest.of(TestMedia.standard("outage-1280.mp4", 10, 1280, 720), "h264-720p")
                                .withChunkLength(Duration.ofSeconds(2)).withLease(Duration.ofSeconds(4)));
                awaitSomeDone(store, job.jobId());
                redis.crash(); // SIGKILL; the AOF is fsynced on every write
                Thread.sleep(3_000);
                redis.start();
                JobRecord done = cluster.await(job.jobId(), Duration.ofMinutes(3));
                assertEquals(JobState.DONE, done.state(), done.reason());
                assertEquals(job.frames(), new MediaProbe(Ffmpeg.get()).timeline(cluster.output(done)).size());
            }
        }
    }

    @Test
    void anEncodeThatFinishesWhileRedisIsDownIsReportedOnceItIsBack() throws Exception {
        try (LocalRedisServer redis = LocalRedisServer.started(true)) {
            JobStore store = new JobStore(RedisConnector.open(redis.url()), TestRedis.keys());
            try (Cluster cluster = new Cluster(store, 1, Cluster.fastSettings())) {
                Path clip = TestMedia.make("outage-after-encode.mp4", SampleVideo.standard(4).withSize(1280, 720).withoutAudio());
                SubmittedJob job = new JobSubmitter(store, cluster.storage).submit(SubmitRequest.of(clip, "h264-720p")
                        .withChunkLength(Duration.ofSeconds(10)).withLease(Duration.ofSeconds(20))
                        .withDelivery(DeliveryMode.AT_MOST_ONCE));
                awaitEncoding(store, job.jobId());
                redis.crash();
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (Processes.runningFfmpegs() > 0 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                Thread.sleep(1_500); // the encode is over, its frames counted: the worker reports into the outage
                redis.start();
                JobRecord done = cluster.await(job.jobId(), Duration.ofMinutes(2));
                assertEquals(JobState.DONE, done.state(), "no work lost, at-most-once not failed as lost: " + done.reason());
                assertEquals(1, store.tasks(job.jobId()).get(0).attempts(), "encoded once");
            }
        }
    }

    private static void awaitEncoding(JobStore store, String jobId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            boolean running = store.tasks(jobId).stream().map(TaskRecord::state).anyMatch(TaskState.RUNNING::equals);
            if (running && Processes.runningFfmpegs() > 0) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the encode never started");
    }

    private static void awaitSomeDone(JobStore store, String jobId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            long done = store.tasks(jobId).stream().filter(t -> t.state() == TaskState.DONE).count();
            boolean running = store.tasks(jobId).stream().map(TaskRecord::state).anyMatch(TaskState.RUNNING::equals);
            if (done >= 1 && running) {
                return;
            }
            Cluster.sleep(50);
        }
        throw new AssertionError("the job never got going");
    }

}
