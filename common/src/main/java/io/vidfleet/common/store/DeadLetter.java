package io.vidfleet.common.store;

import java.time.Instant;

/** A dead-lettered task of a failed job, with its last error; {@code history}: every failed attempt (JSON). */
public record DeadLetter(String jobId, String taskId, String queue, int attempts, String error, String history,
                         Instant jobFinishedAt) {
}
