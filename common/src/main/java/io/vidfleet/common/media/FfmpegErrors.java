package io.vidfleet.common.media;

import java.util.regex.Pattern;

/**
 * Tells an FFmpeg failure caused by the input (the same bytes fail the same way on every machine:
 * retrying only delays the verdict) from one caused by the moment (a kill, a full disk, a flaky mount:
 * worth another attempt).
 */
public final class FfmpegErrors {
    /** The system's fault: retried even when FFmpeg also complains about the data it could not read. */
    private static final Pattern TRANSIENT = Pattern.compile(
            "No space left on device|Input/output error|Stale file handle|Cannot allocate memory|Resource temporarily unavailable"
                    + "|Connection (reset|refused|timed out)|Broken pipe|Too many open files",
            Pattern.CASE_INSENSITIVE);
    /** The input's fault. */
    private static final Pattern INPUT = Pattern.compile(
            "Invalid data found|could not find codec|Decoder .* not found|moov atom not found|does not contain any stream"
                    + "|Error while decoding|corrupt|Nothing was written into output file|Unsupported codec"
                    + "|not supported|Could not find tag for codec|Invalid NAL unit|no frame!|Output file is empty",
            Pattern.CASE_INSENSITIVE);

    private FfmpegErrors() {
    }

    /** True when stderr says the input itself cannot be processed (dead-letter at once). */
    public static boolean causedByInput(String stderr) {
        return !TRANSIENT.matcher(stderr).find() && INPUT.matcher(stderr).find();
    }
}
