package io.vidfleet.cli;

import io.vidfleet.common.jobs.JobRecord;
import io.vidfleet.common.jobs.JobState;
import io.vidfleet.common.store.JobStore;
import java.io.PrintWriter;
import java.time.Duration;

/** Follows a job until it ends, printing its progress when it changes; returns the exit code. */
final class JobWaiter {
    private static final Duration POLL = Duration.ofMillis(250);

    private final JobStore store;
    private final PrintWriter progress;

    JobWaiter(JobStore store, PrintWriter progress) {
        this.store = store;
        this.progress = progress;
    }

    JobRecord await(String jobId) {
        String last = "";
        while (true) {
            JobRecord job = store.get(jobId);
            String line = describe(job);
            if (!line.equals(last)) {
                progress.println(line);
                progress.flush();
                last = line;
            }
            if (job.state().terminal()) {
                return job;
            }
            sleep();
        }
    }

    static String describe(JobRecord job) {
        int width = 30;
        int filled = job.tasksTotal() == 0 ? 0 : width * job.tasksDone() / job.tasksTotal();
        String bar = "#".repeat(filled) + "-".repeat(width - filled);
        return String.format("%s [%s] %d/%d tasks %s", job.id(), bar, job.tasksDone(), job.tasksTotal(), job.state().wire());
    }

    static int exitCode(JobRecord job) {
        return job.state() == JobState.DONE ? ExitCodes.OK : ExitCodes.FAILED;
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the job");
        }
    }
}
