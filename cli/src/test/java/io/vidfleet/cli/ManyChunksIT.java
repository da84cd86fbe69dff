package io.vidfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidfleet.common.jobs.JobRecord;
import io.vidfleet.common.jobs.JobState;
import io.vidfleet.common.media.Ffmpeg;
import io.vidfleet.common.media.MediaProbe;
import io.vidfleet.common.media.ProcessResult;
import io.vidfleet.common.media.SampleVideo;
import io.vidfleet.common.queue.ClaimOutcome;
import io.vidfleet.common.queue.TaskQueue;
import io.vidfleet.common.storage.ChunkStorage;
import io.vidfleet.coordinator.JobSubmitter;
import io.vidfleet.coordinator.SubmitRequest;
import io.vidfleet.coordinator.SubmittedJob;
import io.vidfleet.testing.TestMedia;
import io.vidfleet.testing.TestRedis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A job of more than 1,000 chunks stitches and verifies (concat list, open files, command-line length).
 * To stay quick, the chunks' results are made by one FFmpeg run (a segment per frame) and completed
 * through the queue as a worker would; the coordinator stitches them as usual.
 */
class ManyChunksIT {
    private static final Ffmpeg FFMPEG = Ffmpeg.get();

    @Test
    void overAThousandChunksStitchIntoOneFrameExactOutput() throws Exception {
        Path source = TestMedia.make("many-chunks.mp4", SampleVideo.standard(36).withSize(64, 36).withGop(1).withoutAudio());
        try (Cluster cluster = new Cluster(TestRedis.store(), 0, Cluster.fastSettings())) {
            SubmittedJob submitted = new JobSubmitter(cluster.store, cluster.storage)
                    .submit(SubmitRequest.of(source, "h264-720p").withChunkLength(Duration.ofMillis(30)));
            assertTrue(submitted.chunks() > 1000, "chunks: " + submitted.chunks());
            assertEquals(submitted.frames(), submitted.chunks(), "one frame per chunk");

            Path segments = Files.createTempDirectory(TestMedia.directory(), "segments-");
            ProcessResult made = FFMPEG.run(FFMPEG.ffmpeg("-i", source.toString(), "-map", "0:v:0", "-c:v", "libx264",
                    "-preset", "ultrafast", "-g", "1", "-fps_mode", "passthrough", "-f", "segment", "-segment_time", "0.001",
                    "-reset_timestamps", "1", "-segment_format", "mp4", segments.resolve("%05d.mp4").toString()));
            assertTrue(made.ok(), made.stderrTail());

            TaskQueue queue = new TaskQueue(cluster.store.redis(), cluster.store.keys());
            String jobId = submitted.jobId();
            for (int i = 0; i < submitted.chunks(); i++) {
                ClaimOutcome claim = queue.claim(jobId, "test-worker");
                assertTrue(claim.claimed(), "claim " + i + ": " + claim.status());
                int chunk = claim.task().spec().chunk().index();
                String result = ChunkStorage.attemptKey(jobId, claim.task().taskId(), claim.task().token(), "mp4");
                Path target = cluster.storage.localPath(result);
                Files.createDirectories(target.getParent());
                Files.copy(segments.resolve(String.format("%05d.mp4", chunk)), target);
                assertTrue(queue.complete(claim.task(), result).accepted());
            }
            cluster.store.signalCoordinators(jobId);

            JobRecord job = cluster.await(jobId, Duration.ofMinutes(3));
            assertEquals(JobState.DONE, job.state(), job.reason());
            assertEquals(submitted.frames(), new MediaProbe(FFMPEG).timeline(cluster.output(job)).size());
        }
    }
}
