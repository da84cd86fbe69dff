package io.vidfleet.coordinator;

import io.vidfleet.common.jobs.DeliveryMode;
import io.vidfleet.common.jobs.Priority;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A user's request to transcode one file. {@code output} null: {@code outputs/JOB.mp4} in the storage.
 * {@code storedInput}: an object already in the storage ({@code s3://...}), used in place instead of
 * {@code input}; {@code outputKey}: a key or {@code s3://} URI the output is written to in place.
 */
public record SubmitRequest(Path input, Path output, String profile, Duration chunkLength, Priority priority,
                            DeliveryMode delivery, Duration lease, int maxAttempts, String idempotencyKey,
                            String storedInput, String outputKey) {

    public SubmitRequest(Path input, Path output, String profile, Duration chunkLength, Priority priority,
                         DeliveryMode delivery, Duration lease, int maxAttempts, String idempotencyKey) {
        this(input, output, profile, chunkLength, priority, delivery, lease, maxAttempts, idempotencyKey, null, null);
    }

    public static SubmitRequest of(Path input, String profile) {
        return new SubmitRequest(input, null, profile, Duration.ofSeconds(10), Priority.NORMAL,
                DeliveryMode.AT_LEAST_ONCE, null, 5, null);
    }

    public SubmitRequest withOutput(Path value) {
        return new SubmitRequest(input, value, profile, chunkLength, priority, delivery, lease, maxAttempts, idempotencyKey, storedInput, outputKey);
    }

    public SubmitRequest withChunkLength(Duration value) {
        return new SubmitRequest(input, output, profile, value, priority, delivery, lease, maxAttempts, idempotencyKey, storedInput, outputKey);
    }

    public SubmitRequest withPriority(Priority value) {
        return new SubmitRequest(input, output, profile, chunkLength, value, delivery, lease, maxAttempts, idempotencyKey, storedInput, outputKey);
    }

    public SubmitRequest withDelivery(DeliveryMode value) {
        return new SubmitRequest(input, output, profile, chunkLength, priority, value, lease, maxAttempts, idempotencyKey, storedInput, outputKey);
    }

    public SubmitRequest withLease(Duration value) {
        return new SubmitRequest(input, output, profile, chunkLength, priority, delivery, value, maxAttempts, idempotencyKey, storedInput, outputKey);
    }

    public SubmitRequest withMaxAttempts(int value) {
        return new SubmitRequest(input, output, profile, chunkLength, priority, delivery, lease, value, idempotencyKey, storedInput, outputKey);
    }

    public SubmitRequest withStoredInput(String value) {
        return new SubmitRequest(input, output, profile, chunkLength, priority, delivery, lease, maxAttempts, idempotencyKey, value, outputKey);
    }

    public SubmitRequest withOutputKey(String value) {
        return new SubmitRequest(input, output, profile, chunkLength, priority, delivery, lease, maxAttempts, idempotencyKey, storedInput, value);
    }

    public SubmitRequest withIdempotencyKey(String value) {
        return new SubmitRequest(input, output, profile, chunkLength, priority, delivery, lease, maxAttempts, value, storedInput, outputKey);
    }
}
