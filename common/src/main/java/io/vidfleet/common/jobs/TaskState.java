package io.vidfleet.common.jobs;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A task's place in the queue; each state lives in one Redis structure of the job (see RedisKeys). The one
 * table of allowed moves is {@link #ALLOWED}; the Lua scripts get it generated from here and refuse any
 * other move.
 */
public enum TaskState {
    /** In the job's ready set, waiting for a worker. */
    READY,
    /** Claimed: in the job's in-flight set with a lease deadline and a fencing token. */
    RUNNING,
    /** Failed retryably; in the delayed set until its backoff ends. */
    DELAYED,
    DONE,
    /** Gave up: permanent failure or too many attempts; on the job's dead list. */
    DEAD,
    /** At-most-once delivery: claimed by a worker that vanished; never redelivered. */
    LOST,
    /**
     * Replaced by a coarser task covering its range and its neighbours' (its range could not be cut
     * exactly); its hash names the new task in {@code mergedInto}. A running attempt is fenced off.
     */
    MERGED;

    private static final Map<TaskState, Set<TaskState>> ALLOWED = Map.of(
            READY, EnumSet.of(RUNNING, MERGED),
            // done; retry later; dead-lettered; lost (at-most-once); given back (release, expiry, requeue); coarsened
            RUNNING, EnumSet.of(DONE, DELAYED, DEAD, LOST, READY, MERGED),
            DELAYED, EnumSet.of(READY, MERGED),
            // a done chunk is merged too when its neighbour's range cannot be cut (its result is then unused)
            DONE, EnumSet.of(MERGED),
            DEAD, EnumSet.of(READY),
            LOST, EnumSet.of(READY),
            MERGED, EnumSet.noneOf(TaskState.class));

    public boolean canMoveTo(TaskState next) {
        return ALLOWED.get(this).contains(next);
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TaskState fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
