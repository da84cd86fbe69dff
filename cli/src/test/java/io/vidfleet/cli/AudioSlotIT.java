package io.vidfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidfleet.cli.bench.JobTimeline;
import io.vidfleet.cli.bench.TaskSpan;
import io.vidfleet.common.jobs.JobRecord;
import io.vidfleet.common.jobs.JobState;
import io.vidfleet.coordinator.JobSubmitter;
import io.vidfleet.coordinator.SubmitRequest;
import io.vidfleet.coordinator.SubmittedJob;
import io.vidfleet.testing.TestMedia;
import io.vidfleet.testing.TestRedis;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The audio task is light work: a worker with one slot runs it beside a video chunk instead of making
 * the chunk wait for it. The job's log shows the chunk claimed by the same worker before the audio was done.
 */
class AudioSlotIT {
    @Test
    void aOneSlotWorkerEncodesAudioBesideVideo() {
        Path clip = TestMedia.standard("audio-slot.mp4", 20, 160, 90);
        try (Cluster cluster = new Cluster(TestRedis.store(), 1, Cluster.fastSettings())) {
            SubmittedJob submitted = new JobSubmitter(cluster.store, cluster.storage).submit(
                    SubmitRequest.of(clip, "h264-720p").withChunkLength(Duration.ofSeconds(60)));
            JobRecord job = cluster.await(submitted.jobId(), Duration.ofMinutes(2));
            assertEquals(JobState.DONE, job.state(), "job failed: " + job.reason());

            Map<String, TaskSpan> spans = JobTimeline.read(cluster.store.redis(), cluster.store.keys(), job.id()).tasks()
                    .stream().collect(Collectors.toMap(TaskSpan::task, s -> s));
            TaskSpan audio = spans.get("audio");
            TaskSpan video = spans.get("v00000");
            assertEquals(audio.worker(), video.worker(), "one worker did both");
            assertTrue(video.claimedAt() < audio.doneAt(),
                    "the chunk was claimed while the audio was still encoding: audio " + audio + ", video " + video);
        }
    }
}
