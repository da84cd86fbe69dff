package io.vidfleet.common.jobs;

import java.util.Locale;

/** A task's place in the queue; each state lives in one Redis structure of the job (see RedisKeys). */
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
    LOST;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TaskState fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
