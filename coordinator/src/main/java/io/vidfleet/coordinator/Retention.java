package io.vidfleet.coordinator;

import io.vidfleet.common.jobs.JobState;
import java.time.Duration;

/**
 * How long a job's record (its Redis keys) and files stay after it ended, by how it ended. The job's
 * output is never deleted: it is what the user asked for.
 */
public record Retention(Duration done, Duration failed, Duration cancelled) {

    public static Retention defaults() {
        return new Retention(Duration.ofDays(7), Duration.ofDays(30), Duration.ofDays(1));
    }

    public static Retention all(Duration value) {
        return new Retention(value, value, value);
    }

    public Duration of(JobState state) {
        return switch (state) {
            case DONE -> done;
            case FAILED -> failed;
            case CANCELLED -> cancelled;
            default -> throw new IllegalArgumentException("a " + state.wire() + " job has not ended");
        };
    }
}
