package io.vidfleet.testing;

import io.vidfleet.common.media.Ffmpeg;
import io.vidfleet.common.media.SampleVideo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Small clips made by FFmpeg's lavfi sources, once per test JVM. */
public final class TestMedia {
    private static final Map<String, Path> MADE = new ConcurrentHashMap<>();
    private static Path dir;

    private TestMedia() {
    }

    /** Long GOPs (one keyframe every 3 s) with B-frames and AAC audio. */
    public static Path longGop() {
        return make("long-gop.mp4", SampleVideo.standard(8).withSize(320, 240).withGop(90));
    }

    /** A keyframe every 12 frames. */
    public static Path shortGop() {
        return make("short-gop.mp4", SampleVideo.standard(6).withSize(320, 240).withGop(12));
    }

    /** One keyframe in the whole clip: every cut falls between keyframes. */
    public static Path singleKeyframe() {
        return make("single-keyframe.mp4", SampleVideo.standard(7).withSize(320, 240).withGop(600));
    }

    /** 30 fps for the first half, 20 fps after. */
    public static Path variableFrameRate() {
        return make("vfr.mp4", SampleVideo.standard(6).withSize(320, 240).withGop(30).withVariableFrameRate());
    }

    public static Path noAudio() {
        return make("no-audio.mp4", SampleVideo.standard(5).withSize(320, 240).withGop(48).withoutAudio());
    }

    /** 321x241, FFV1 in Matroska: an odd size no 4:2:0 encoder takes as it is. */
    public static Path oddSize() {
        return make("odd-size.mkv", SampleVideo.standard(5).withSize(321, 241).withGop(25).withCodec("ffv1"));
    }

    /** A clip of the given length, for tests that need chunks that take a while. */
    public static Path standard(String name, double seconds, int width, int height) {
        return make(name, SampleVideo.standard(seconds).withSize(width, height).withGop(60));
    }

    public static Path make(String name, SampleVideo video) {
        return MADE.computeIfAbsent(name, n -> video.writeTo(Ffmpeg.get(), directory().resolve(n)));
    }

    public static synchronized Path directory() {
        if (dir == null) {
            try {
                dir = Files.createTempDirectory("vidfleet-media-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dir;
    }
}
