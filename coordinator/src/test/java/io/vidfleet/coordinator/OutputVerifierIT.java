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
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
        CountDownLatch describing = new CountDownLatch(1);
        AtomicBoolean packetsSawDescribing = new AtomicBoolean();
        ProcessLauncher real = ProcessLauncher.of(FFMPEG);
        // the packet pass waits for the streams' description to start: one after the other, it would wait in vain
        ProcessLauncher watching = (command, timeLimit, lines) -> {
            if (command.contains("-show_streams")) {
                describing.countDown();
            } else {
                try {
                    packetsSawDescribing.set(describing.await(10, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return real.run(command, timeLimit, lines);
        };
        Optional<OutputVerifier.Problem> problem = new OutputVerifier(new MediaProbe(FFMPEG, watching))
                .verify(clip, SourceSummary.of("clip.mp4", media), chunks);
        assertEquals(Optional.empty(), problem, "a file is its own one-chunk output");
        assertTrue(packetsSawDescribing.get(), "the streams were described while the packet pass ran");
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
