package io.vidfleet.coordinator;

import io.vidfleet.common.error.BadInputException;
import io.vidfleet.common.jobs.DeliveryMode;
import io.vidfleet.common.jobs.Priority;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A job's options as a user gives them (the CLI's flags, the HTTP API's JSON fields), checked in one
 * place so that every way into {@link JobSubmitter} rejects the same things with the same words.
 * {@code leaseSeconds} null: the profile's lease.
 */
public record SubmitOptions(String profile, double chunkSeconds, Path output, String priority, String delivery,
                            Double leaseSeconds, int maxAttempts, String idempotencyKey) {
    public static final String DEFAULT_PROFILE = "h264-720p";
    public static final String DEFAULT_CHUNK_SECONDS = "10";
    public static final String DEFAULT_PRIORITY = "normal";
    public static final String DEFAULT_DELIVERY = "at-least-once";
    public static final String DEFAULT_MAX_ATTEMPTS = "5";

    public static SubmitOptions defaults() {
        return new SubmitOptions(DEFAULT_PROFILE, Double.parseDouble(DEFAULT_CHUNK_SECONDS), null, DEFAULT_PRIORITY,
                DEFAULT_DELIVERY, null, Integer.parseInt(DEFAULT_MAX_ATTEMPTS), null);
    }

    /** The request for {@code input}, or a {@link BadInputException} naming the first bad option. */
    public SubmitRequest toRequest(Path input) {
        if (!(chunkSeconds > 0) || Double.isInfinite(chunkSeconds)) {
            throw new BadInputException("--chunk-seconds must be positive, got " + chunkSeconds);
        }
        if (leaseSeconds != null && (!(leaseSeconds >= 1) || leaseSeconds.isInfinite())) {
            throw new BadInputException("--lease-seconds must be at least 1, got " + leaseSeconds);
        }
        return new SubmitRequest(input, output, profile, Duration.ofMillis(Math.round(chunkSeconds * 1000)),
                Priority.parse(priority), DeliveryMode.parse(delivery),
                leaseSeconds == null ? null : Duration.ofMillis(Math.round(leaseSeconds * 1000)),
                maxAttempts, idempotencyKey);
    }
}
