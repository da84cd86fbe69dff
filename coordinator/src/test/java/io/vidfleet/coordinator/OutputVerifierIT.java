package io.vidfleet.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidfleet.common.jobs.SourceSummary;
import io.vidfleet.common.media.Ffmpeg;
import io.vidfleet.common.media.MediaInfo;
import io.vidfleet.common.media.MediaProbe;
import io.vidfleet.common.media.ProcessLauncher;
import io.vidfleet.common.media.SampleVideo;
import io.vidfleet.common.plan.ChunkPlanner;
import io.vidfleet.common.plan.ChunkSpec;
import io.vidfleet.testing.OverlapWatch;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The check of a stitched output, run by the real ffprobe. */
class OutputVerifierIT {
    private static final Ffmpeg FFMPEG = Ffmpeg.get();

    @TempDir
    Path dir;
    private Path clip;
    private MediaInfo media;
    /** The clip's plan: one chunk, so the clip is its own stitched output. */
    private List<ChunkSpec> chunks;

    @BeforeEach
    void writeClip() {
        clip = SampleVideo.standard(2).withSize(160, 90).writeTo(FFMPEG, dir.resolve("clip.mp4"));
        media = new MediaProbe(FFMPEG).probeVideo(clip);
        chunks = new ChunkPlanner(Duration.ofSeconds(10)).plan(media.frames(), media.startSeconds()).chunks();
    }

    @Test
    void theStreamsAreDescribedBesideThePacketPass() {
        OverlapWatch overlap = new OverlapWatch();
        // the packet pass waits for the streams' description to start
        ProcessLauncher watching = overlap.launcher(ProcessLauncher.of(FFMPEG), command -> command.contains("-show_streams"),
                command -> !command.contains("-show_streams"));
        Optional<OutputVerifier.Problem> problem = new OutputVerifier(new MediaProbe(FFMPEG, watching))
                .verify(clip, SourceSummary.of("clip.mp4", media), chunks);
        assertEquals(Optional.empty(), problem, "a file is its own one-chunk output");
        assertTrue(overlap.overlapped(), "the streams were described while the packet pass ran");
    }

    @Test
    void anOutputWithoutTheSourcesAudioIsAProblem() {
        Path silent = dir.resolve("silent.mp4");
        assertTrue(FFMPEG.run(FFMPEG.ffmpeg("-i", clip.toString(), "-map", "0:v", "-c", "copy", silent.toString())).ok());
        Optional<OutputVerifier.Problem> problem = new OutputVerifier(new MediaProbe(FFMPEG))
                .verify(silent, SourceSummary.of("clip.mp4", media), chunks);
        assertEquals("output has no audio stream", problem.map(OutputVerifier.Problem::text).orElse("none"));
    }
}
