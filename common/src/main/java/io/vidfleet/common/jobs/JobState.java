package io.vidfleet.common.jobs;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A job's life. The one table of allowed moves is {@link #ALLOWED}; the Lua scripts that change a
 * job's state in Redis check the same moves (see {@code queue/*.lua}).
 */
public enum JobState {
    /** Tasks are on the queue, none claimed yet. */
    QUEUED,
    /** At least one task was claimed. */
    RUNNING,
    /** Every task is done; a coordinator holds (or will take) the stitch lease. */
    STITCHING,
    DONE,
    FAILED,
    CANCELLED;

    private static final Map<JobState, Set<JobState>> ALLOWED = Map.of(
            QUEUED, EnumSet.of(RUNNING, FAILED, CANCELLED),
            RUNNING, EnumSet.of(STITCHING, FAILED, CANCELLED),
            // back to running: the stitch found a join it cannot trust and coarsened the plan (see Coarsening)
            STITCHING, EnumSet.of(DONE, FAILED, CANCELLED, RUNNING),
            DONE, EnumSet.noneOf(JobState.class),
            FAILED, EnumSet.of(QUEUED, STITCHING, CANCELLED),
            CANCELLED, EnumSet.noneOf(JobState.class));

    public boolean canMoveTo(JobState next) {
        return ALLOWED.get(this).contains(next);
    }

    public boolean terminal() {
        return this == DONE || this == FAILED || this == CANCELLED;
    }

    /** The spelling used in Redis and on the command line. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static JobState fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
