package io.vidfleet.common.media;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How long a child process may run, in proportion to what it works on: a hung FFmpeg or ffprobe is
 * killed and its step fails or retries instead of holding the job forever. Generous on purpose (a
 * shared, slow machine must not trip them): they catch hangs, not slowness.
 * {@code VIDFLEET_TIME_LIMIT_SCALE} (a factor, default 1) stretches or shrinks every limit.
 */
public final class TimeLimits {
    private static final double SCALE = scale(System.getenv("VIDFLEET_TIME_LIMIT_SCALE"));

    private TimeLimits() {
    }

    /** Reading a file's packets or headers (no decoding): by its size. */
    public static Duration probe(Path file) {
        return scaled(60 + megabytes(file) / 4);
    }

    /** Decoding {@code mediaSeconds} of video (counting frames, checking a decode). */
    public static Duration decode(double mediaSeconds, Path file) {
        return scaled(120 + 2 * mediaSeconds + megabytes(file) / 4);
    }

    /** Decoding {@code mediaSeconds} of video from a source of {@code bytes} (one not on a local disk). */
    public static Duration decode(double mediaSeconds, long bytes) {
        return scaled(120 + 2 * mediaSeconds + bytes / 4_000_000.0);
    }

    /** Encoding {@code mediaSeconds} (slow presets on one thread run well below real time). */
    public static Duration encode(double mediaSeconds) {
        return scaled(300 + 30 * mediaSeconds);
    }

    /** Copying streams into one file (the stitch): by the media's length and the bytes moved. */
    public static Duration copy(double mediaSeconds, long bytes) {
        return scaled(120 + mediaSeconds / 2 + bytes / 4_000_000.0);
    }

    private static double megabytes(Path file) {
        try {
            return Files.size(file) / 1_000_000.0;
        } catch (Exception e) {
            return 0;
        }
    }

    private static Duration scaled(double seconds) {
        return Duration.ofMillis((long) (seconds * SCALE * 1000));
    }

    static double scale(String value) {
        try {
            double parsed = value == null || value.isBlank() ? 1 : Double.parseDouble(value);
            return parsed > 0 ? parsed : 1;
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
