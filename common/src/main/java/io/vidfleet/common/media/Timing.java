package io.vidfleet.common.media;

/**
 * Whether a source's packet timestamps can be trusted for cutting. When they cannot (no timestamps, a
 * raw elementary stream, a timeline that restarts or jumps), frames are numbered in the order one
 * sequential decode yields them and timed at {@code frameRate}; nothing then seeks by time.
 *
 * @param decodeOrder plan and cut on decode order, not on timestamps
 * @param reason      why, for the job's notes (null when timestamps are used)
 * @param frameRate   frames per second of the source (its packets' step), for generated timestamps
 */
public record Timing(boolean decodeOrder, String reason, Rational frameRate) {

    public static Timing timestamps(Rational frameRate) {
        return new Timing(false, null, frameRate);
    }

    public static Timing decodeOrder(String reason, Rational frameRate) {
        return new Timing(true, reason, frameRate);
    }

    /** One frame's length at the source's rate, in seconds. */
    public double frameSeconds() {
        return frameRate.num() == 0 ? 0.04 : (double) frameRate.den() / frameRate.num();
    }
}
