package io.vidfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.vidfleet.common.jobs.JobRecord;
import io.vidfleet.common.jobs.JobState;
import io.vidfleet.common.media.Ffmpeg;
import io.vidfleet.common.media.MediaInfo;
import io.vidfleet.common.media.MediaProbe;
import io.vidfleet.common.profile.Profile;
import io.vidfleet.common.profile.Profiles;
import io.vidfleet.coordinator.JobSubmitter;
import io.vidfleet.coordinator.SubmitRequest;
import io.vidfleet.coordinator.SubmittedJob;
import io.vidfleet.testing.TestMedia;
import io.vidfleet.testing.TestRedis;
import io.vidfleet.worker.EncoderCheck;
import io.vidfleet.worker.QueueCapabilities;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Opt-in, for a machine with an NVIDIA GPU and driver: {@code ./mvnw verify -Pgpu}. A job through every
 * NVENC profile this GPU can encode comes out frame-exact in the profile's codec.
 */
@Tag("gpu")
class GpuEncodeIT {
    private static final List<String> GPU_QUEUES = List.of("h264-nvenc", "hevc-nvenc", "av1-nvenc");

    @Test
    void aJobThroughEachNvencProfileThisGpuCanEncodeIsFrameExact() {
        QueueCapabilities capabilities = new EncoderCheck(Ffmpeg.get(), EncoderCheck.DEFAULT_TIME_LIMIT).check(GPU_QUEUES);
        assumeFalse(capabilities.served().isEmpty(), "no NVENC encoder works here: " + capabilities.refusals());
        Path clip = TestMedia.standard("gpu-640.mp4", 6, 640, 360);
        try (Cluster cluster = new Cluster(TestRedis.store(), 1, Cluster.fastSettings().withQueues(capabilities.served()))) {
            for (String queue : capabilities.served()) {
                for (Profile profile : Profiles.onQueue(queue)) {
                    SubmittedJob job = new JobSubmitter(cluster.store, cluster.storage).submit(SubmitRequest.of(clip, profile.name())
                            .withChunkLength(Duration.ofSeconds(2)));
                    JobRecord done = cluster.await(job.jobId(), Duration.ofMinutes(3));
                    assertEquals(JobState.DONE, done.state(), profile.name() + ": " + done.reason());
                    MediaInfo output = new MediaProbe(Ffmpeg.get()).probeVideo(cluster.output(done));
                    assertEquals(job.frames(), output.frameCount(), profile.name());
                    assertEquals(profile.codec(), output.video().codec(), profile.name());
                }
            }
        }
    }
}
