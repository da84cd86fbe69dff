package io.vidfleet.coordinator;

import io.vidfleet.common.error.BadInputException;
import io.vidfleet.common.jobs.DeliveryMode;
import io.vidfleet.common.jobs.Priority;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A job's options as a user gives them (the CLI's flags, the HTTP API's JSON fields), checked in one
 * place so that every way into {@link JobSubmitter} rejects the same things with the same words.
 * {@code leaseSeconds} null: the profile's lease; {@code taskTimeoutSeconds} null: the limit's default. The
 * ranges below are the numeric options' ranges; the CLI's converters use the same constants.
 */
public record SubmitOptions(String profile, double chunkSeconds, Path output, String priority, String delivery,
                            Double leaseSeconds, int maxAttempts, String idempotencyKey, boolean overwrite,
                            Long taskTimeoutSeconds) {
    public static final double MIN_CHUNK_SECONDS = 0.1;
    public static final double MAX_CHUNK_SECONDS = 86_400;
    public static final double MIN_LEASE_SECONDS = 1;
    public static final double MAX_LEASE_SECONDS = 86_400;
    public static final int MAX_ATTEMPTS = 100;
    public static final long MAX_TASK_SECONDS = 7 * 86_400;

    public static final String DEFAULT_PROFILE = "h264-720p";
    public static final String DEFAULT_CHUNK_SECONDS = "10";
    public static final String DEFAULT_PRIORITY = "normal";
    public static final String DEFAULT_DELIVERY = "at-least-once";
    public static final String DEFAULT_MAX_ATTEMPTS = "5";

    public SubmitOptions(String profile, double chunkSeconds, Path output, String priority, String delivery,
                         Double leaseSeconds, int maxAttempts, String idempotencyKey) {
        this(profile, chunkSeconds, output, priority, delivery, leaseSeconds, maxAttempts, idempotencyKey, false, null);
    }

    public static SubmitOptions defaults() {
        return new SubmitOptions(DEFAULT_PROFILE, Double.parseDouble(DEFAULT_CHUNK_SECONDS), null, DEFAULT_PRIORITY,
                DEFAULT_DELIVERY, null, Integer.parseInt(DEFAULT_MAX_ATTEMPTS), null);
    }

    /** The request for {@code input}, or a {@link BadInputException} naming the first bad option. */
    public SubmitRequest toRequest(Path input) {
        if (!(chunkSeconds >= MIN_CHUNK_SECONDS && chunkSeconds <= MAX_CHUNK_SECONDS)) {
            throw new BadInputException("--chunk-seconds must be from " + MIN_CHUNK_SECONDS + " to " + MAX_CHUNK_SECONDS + ", got " + chunkSeconds);
        }
        if (leaseSeconds != null && !(leaseSeconds >= MIN_LEASE_SECONDS && leaseSeconds <= MAX_LEASE_SECONDS)) {
            throw new BadInputException("--lease-seconds must be from 1 to " + MAX_LEASE_SECONDS + ", got " + leaseSeconds);
        }
        if (maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS) {
            throw new BadInputException("--max-attempts must be from 1 to " + MAX_ATTEMPTS + ", got " + maxAttempts);
        }
        if (taskTimeoutSeconds != null && (taskTimeoutSeconds < 1 || taskTimeoutSeconds > MAX_TASK_SECONDS)) {
            throw new BadInputException("--task-timeout must be from 1 to " + MAX_TASK_SECONDS + ", got " + taskTimeoutSeconds);
        }
        return new SubmitRequest(input, output, profile, Duration.ofMillis(Math.round(chunkSeconds * 1000)),
                Priority.parse(priority), DeliveryMode.parse(delivery),
                leaseSeconds == null ? null : Duration.ofMillis(Math.round(leaseSeconds * 1000)),
                maxAttempts, idempotencyKey).withOverwrite(overwrite)
                .withTaskTimeout(taskTimeoutSeconds == null ? null : Duration.ofSeconds(taskTimeoutSeconds));
    }
}
