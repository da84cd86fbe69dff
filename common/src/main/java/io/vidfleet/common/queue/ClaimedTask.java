package io.vidfleet.common.queue;

import io.vidfleet.common.jobs.TaskSpec;
import java.time.Duration;

/** A task a worker holds: the fencing token proves it in every later call. */
public record ClaimedTask(String jobId, TaskSpec spec, long token, int attempt, Duration lease,
                          String input, String profile, boolean jobStarted) {

    public String taskId() {
        return spec.id();
    }
}
