package io.vidfleet.coordinator;

import io.vidfleet.common.jobs.DeliveryMode;
import io.vidfleet.common.jobs.Priority;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A user's request to transcode one file. {@code output} null: {@code outputs/JOB.mp4} in the storage.
 * {@code storedInput}: an object already in the storage ({@code s3://...}), used in place instead of
 * {@code input}; {@code outputKey}: a key or {@code s3://} URI the output is written to in place;
 * {@code overwrite}: an existing output file may be replaced; {@code taskTimeout} null: the limit's default.
 */
public record SubmitRequest(Path input, Path output, String profile, Duration chunkLength, Priority priority,
                            DeliveryMode delivery, Duration lease, int maxAttempts, String idempotencyKey,
                            String storedInput, String outputKey, boolean overwrite, Duration taskTimeout) {

    public SubmitRequest(Path input, Path output, String profile, Duration chunkLength, Priority priority,
                         DeliveryMode delivery, Duration lease, int maxAttempts, String idempotencyKey) {
        this(input, output, profile, chunkLength, priority, delivery, lease, maxAttempts, idempotencyKey, null, null, false, null);
    }

    public static SubmitRequest of(Path input, String profile) {
        return new SubmitRequest(input, null, profile, Duration.ofSeconds(10), Priority.NORMAL,
                DeliveryMode.AT_LEAST_ONCE, null, 5, null);
    }

    public SubmitRequest withOutput(Path value) {
        return new SubmitRequest(input, value, profile, chunkLength, priority, delivery, lease, maxAttempts, idempotencyKey, storedInput, outputKey, overwrite, taskTimeout);
    }

    public SubmitRequest withChunkLength(Duration value) {
        return new SubmitRequest(input, output, profile, value, priority, delivery, lease, maxAttempts, idempotencyKey, storedInput, outputKey, overwrite, taskTimeout);
    }

    public SubmitRequest withPriority(Priority value) {
        return new SubmitRequest(input, output, profile, chunkLength, value, delivery, lease, maxAttempts, idempotencyKey, storedInput, outputKey, overwrite, taskTimeout);
    }

    public SubmitRequest withDelivery(DeliveryMode value) {
        return new SubmitRequest(input, output, profile, chunkLength, priority, value, lease, maxAttempts, idempotencyKey, storedInput, outputKey, overwrite, taskTimeout);
    }

    public SubmitRequest withLease(Duration value) {
        return new SubmitRequest(input, output, profile, chunkLength, priority, delivery, value, maxAttempts, idempotencyKey, storedInput, outputKey, overwrite, taskTimeout);
    }

    public SubmitRequest withMaxAttempts(int value) {
        return new SubmitRequest(input, output, profile, chunkLength, priority, delivery, lease, value, idempotencyKey, storedInput, outputKey, overwrite, taskTimeout);
    }

    public SubmitRequest withStoredInput(String value) {
        return new SubmitRequest(input, output, profile, chunkLength, priority, delivery, lease, maxAttempts, idempotencyKey, value, outputKey, overwrite, taskTimeout);
    }

    public SubmitRequest withOutputKey(String value) {
        return new SubmitRequest(input, output, profile, chunkLength, priority, delivery, lease, maxAttempts, idempotencyKey, storedInput, value, overwrite, taskTimeout);
    }

    public SubmitRequest withIdempotencyKey(String value) {
        return new SubmitRequest(input, output, profile, chunkLength, priority, delivery, lease, maxAttempts, value, storedInput, outputKey, overwrite, taskTimeout);
    }

    public SubmitRequest withOverwrite(boolean value) {
        return new SubmitRequest(input, output, profile, chunkLength, priority, delivery, lease, maxAttempts, idempotencyKey, storedInput, outputKey, value, taskTimeout);
    }

    public SubmitRequest withTaskTimeout(Duration value) {
        return new SubmitRequest(input, output, profile, chunkLength, priority, delivery, lease, maxAttempts, idempotencyKey, storedInput, outputKey, overwrite, value);
    }
}
