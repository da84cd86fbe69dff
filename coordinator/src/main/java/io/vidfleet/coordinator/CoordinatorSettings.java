package io.vidfleet.coordinator;

import java.time.Duration;

/**
 * How often a coordinator looks for work when not woken, how long its stitch lease lasts, how often it
 * reaps (and purges ended jobs), and how long ended jobs are kept.
 */
public record CoordinatorSettings(Duration poll, Duration stitchLease, Duration reaperInterval, Retention retention) {

    public CoordinatorSettings(Duration poll, Duration stitchLease, Duration reaperInterval) {
        this(poll, stitchLease, reaperInterval, Retention.defaults());
    }

    public static CoordinatorSettings defaults() {
        return new CoordinatorSettings(Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofSeconds(5));
    }

    public CoordinatorSettings withStitchLease(Duration value) {
        return new CoordinatorSettings(poll, value, reaperInterval, retention);
    }

    public CoordinatorSettings withRetention(Retention value) {
        return new CoordinatorSettings(poll, stitchLease, reaperInterval, value);
    }
}
