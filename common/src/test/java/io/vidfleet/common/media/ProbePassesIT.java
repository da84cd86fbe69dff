package io.vidfleet.common.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidfleet.common.error.MediaException;
import io.vidfleet.testing.OverlapWatch;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The probe's packet passes over one input, run by the real ffprobe. */
class ProbePassesIT {
    private static final Ffmpeg FFMPEG = Ffmpeg.get();

    @TempDir
    Path dir;

    @Test
    void theAudioPassRunsBesideTheVideoPass() {
        Path clip = SampleVideo.standard(2).withSize(160, 90).writeTo(FFMPEG, dir.resolve("clip.mp4"));
        OverlapWatch overlap = new OverlapWatch();
        // the video pass waits for the audio pass to start; the streams' description runs as it is
        ProcessLauncher watching = overlap.launcher(ProcessLauncher.of(FFMPEG), command -> streams(command, "a"),
                command -> command.contains("-select_streams") && !streams(command, "a"));
        MediaInfo media = new MediaProbe(FFMPEG, watching).probeVideo(clip);
        assertTrue(overlap.overlapped(), "the audio pass started while the video pass waited");
        assertEquals(60, media.frameCount());
        assertNotNull(media.audio(), "the audio pass's result is used");
    }

    @Test
    void aFailingVideoPassIsReportedOnceTheOtherPassesHaveEnded() {
        Path clip = SampleVideo.standard(2).withSize(160, 90).writeTo(FFMPEG, dir.resolve("clip.mp4"));
        AtomicInteger ended = new AtomicInteger();
        MediaException thrown = assertThrows(MediaException.class, () -> new MediaProbe(FFMPEG,
                failing(ProbePassesIT::videoPass, "video pass failed", ended)).probeVideo(clip));
        assertEquals("video pass failed", thrown.getMessage());
        assertEquals(2, ended.get(), "the format probe and the audio pass had ended when the probe returned");
    }

    @Test
    void theFormatProbeRunsBesideTheVideoPass() {
        Path clip = SampleVideo.standard(2).withSize(160, 90).writeTo(FFMPEG, dir.resolve("clip.mp4"));
        OverlapWatch overlap = new OverlapWatch();
        // the format probe waits for the video pass to start: run before it, it would wait in vain
        ProcessLauncher watching = overlap.launcher(ProcessLauncher.of(FFMPEG), ProbePassesIT::videoPass,
                command -> command.contains("-show_format"));
        MediaInfo media = new MediaProbe(FFMPEG, watching).probeVideo(clip);
        assertTrue(overlap.overlapped(), "the video pass started while the format probe waited");
        assertEquals(60, media.frameCount());
    }

    @Test
    void aFailingFormatProbeIsReportedOnceBothPassesHaveEnded() {
        Path clip = SampleVideo.standard(2).withSize(160, 90).writeTo(FFMPEG, dir.resolve("clip.mp4"));
        AtomicInteger ended = new AtomicInteger();
        MediaException thrown = assertThrows(MediaException.class, () -> new MediaProbe(FFMPEG,
                failing(command -> command.contains("-show_format"), "format probe failed", ended)).probeVideo(clip));
        assertEquals("format probe failed", thrown.getMessage());
        assertEquals(2, ended.get(), "the video and the audio pass had ended when the probe returned");
    }

    @Test
    void onAnInputWithoutAudioTheAudioPassIsStoppedNotWaitedFor() {
        Path clip = SampleVideo.standard(2).withSize(160, 90).withoutAudio().writeTo(FFMPEG, dir.resolve("silent.mp4"));
        ProcessLauncher real = ProcessLauncher.of(FFMPEG);
        AtomicBoolean stopped = new AtomicBoolean();
        // the audio pass runs until it is interrupted (or 10 s pass): as a long input's pass would
        ProcessLauncher slowAudio = (command, timeLimit, lines) -> {
            if (streams(command, "a")) {
                try {
                    Thread.sleep(10_000);
                } catch (InterruptedException e) {
                    stopped.set(true);
                }
            }
            return real.run(command, timeLimit, lines);
        };
        MediaInfo media = new MediaProbe(FFMPEG, slowAudio).probeVideo(clip);
        assertEquals(60, media.frameCount());
        assertNull(media.audio());
        assertTrue(stopped.get(), "the audio pass was stopped once the format probe declared no audio");
    }

    @Test
    void aVideoPassThatReadAnotherStreamThanTheFirstVideoIsReadAgain() {
        Path clip = dir.resolve("two-videos.mp4");
        // stream 0: 60 frames; stream 1: 30 frames
        ProcessResult made = FFMPEG.run(FFMPEG.ffmpeg("-f", "lavfi", "-i", "testsrc=s=64x64:r=30:d=2", "-f", "lavfi",
                "-i", "testsrc=s=64x64:r=30:d=1", "-map", "0:v", "-map", "1:v", "-c:v", "libx264", clip.toString()));
        assertTrue(made.ok(), made.lastErrorLine());
        ProcessLauncher real = ProcessLauncher.of(FFMPEG);
        // as if FFmpeg's first video stream were not the one the streams' description names first
        ProcessLauncher secondVideo = (command, timeLimit, lines) -> real.run(
                command.stream().map(arg -> arg.equals("V:0") ? "V:1" : arg).toList(), timeLimit, lines);
        assertEquals(60, new MediaProbe(FFMPEG, secondVideo).probeVideo(clip).frameCount());
    }

    /** The real launcher, except that the commands {@code fails} matches throw; {@code ended} counts the others' ends. */
    private static ProcessLauncher failing(Predicate<List<String>> fails, String failure, AtomicInteger ended) {
        ProcessLauncher real = ProcessLauncher.of(FFMPEG);
        return (command, timeLimit, lines) -> {
            if (fails.test(command)) {
                throw new MediaException(failure, true);
            }
            ProcessResult result = real.run(command, timeLimit, lines);
            ended.incrementAndGet();
            return result;
        };
    }

    private static boolean videoPass(List<String> command) {
        return command.contains("-select_streams") && !streams(command, "a");
    }

    private static boolean streams(List<String> command, String selector) {
        int at = command.indexOf("-select_streams");
        return at >= 0 && command.get(at + 1).equals(selector);
    }
}
