package io.vidfleet.coordinator;

import java.time.Duration;

/**
 * How often a coordinator looks for work when not woken, how long its stitch lease lasts, how often it
 * reaps (and purges ended jobs), how long ended jobs are kept, and how old a creation must be before it
 * counts as left half done by a submit that died.
 */
public record CoordinatorSettings(Duration poll, Duration stitchLease, Duration reaperInterval, Retention retention,
                                  Duration halfCreatedAfter) {
    /** Long enough for a submit to copy a large input into the storage. */
    public static final Duration HALF_CREATED_AFTER = Duration.ofMinutes(30);

    public CoordinatorSettings(Duration poll, Duration stitchLease, Duration reaperInterval) {
        this(poll, stitchLease, reaperInterval, Retention.defaults(), HALF_CREATED_AFTER);
    }

    public static CoordinatorSettings defaults() {
        return new CoordinatorSettings(Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofSeconds(5));
    }

    public CoordinatorSettings withStitchLease(Duration value) {
        return new CoordinatorSettings(poll, value, reaperInterval, retention, halfCreatedAfter);
    }

    public CoordinatorSettings withRetention(Retention value) {
        return new CoordinatorSettings(poll, stitchLease, reaperInterval, value, halfCreatedAfter);
    }

    public CoordinatorSettings withHalfCreatedAfter(Duration value) {
        return new CoordinatorSettings(poll, stitchLease, reaperInterval, retention, value);
    }
}
