package io.vidfleet.cli;

import io.vidfleet.common.jobs.JobRecord;
import io.vidfleet.common.jobs.JobState;
import io.vidfleet.common.store.JobStore;
import java.io.PrintWriter;

/** Follows a job until it ends, showing its progress as {@code vidfleet watch} does; returns the exit code. */
final class JobWaiter {
    private final JobStore store;
    private final PrintWriter progress;

    JobWaiter(JobStore store, PrintWriter progress) {
        this.store = store;
        this.progress = progress;
    }

    JobRecord await(String jobId) {
        new JobWatcher(store, ProgressDisplay.forHumans(progress)).follow(jobId);
        return store.get(jobId);
    }

    static int exitCode(JobRecord job) {
        return job.state() == JobState.DONE ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
