package io.vidfleet.common.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidfleet.common.media.Ffmpeg;
import io.vidfleet.common.media.FrameTimeline;
import io.vidfleet.common.media.MediaProbe;
import io.vidfleet.common.media.ProcessResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A chunk starts on a keyframe: an av1 chunk of 250 frames (8.3 s) holds no other, whatever SVT-AV1's own interval. */
class ChunkGopIT {
    private static final Ffmpeg FFMPEG = Ffmpeg.get();

    @TempDir
    Path dir;

    @Test
    void anAv1ChunkHasOneKeyframeItsFirstFrame() {
        Profile av1 = Profiles.named("av1-720p");
        Path chunk = dir.resolve("chunk.mp4");
        List<String> args = new ArrayList<>(List.of("-v", "error", "-f", "lavfi", "-i", "testsrc2=s=320x240:r=30000/1001",
                "-frames:v", "250", "-vf", av1.scaleFilter()));
        args.addAll(av1.videoArgs(1));
        args.addAll(av1.chunkArgs(250, 250 * 1001 / 30000.0));
        args.add(chunk.toString());
        ProcessResult result = FFMPEG.runner(FFMPEG.ffmpeg(args.toArray(String[]::new))).run(Duration.ofMinutes(2));
        assertTrue(result.ok(), result.stderrTail());
        FrameTimeline frames = new MediaProbe(FFMPEG).timeline(chunk);
        assertEquals(250, frames.size());
        List<Integer> keyframes = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++) {
            if (frames.keyframe()[i]) {
                keyframes.add(i);
            }
        }
        assertEquals(List.of(0), keyframes);
    }
}
