package io.vidfleet.cli;

import io.vidfleet.common.jobs.JobRecord;
import io.vidfleet.common.jobs.JobState;
import io.vidfleet.common.redis.ReconnectBackoff;
import io.vidfleet.common.store.JobStore;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Follows a job until it ends, printing its progress when it changes. A Redis that goes away (restart,
 * failover) is waited for, with backoff and jitter, saying so; the job goes on meanwhile.
 */
final class JobWaiter {
    private static final Duration POLL = Duration.ofMillis(250);

    private final JobStore store;
    private final PrintWriter progress;

    JobWaiter(JobStore store, PrintWriter progress) {
        this.store = store;
        this.progress = progress;
    }

    JobRecord await(String jobId) {
        return await(jobId, Duration.ZERO).orElseThrow();
    }

    /** The ended job, or empty when {@code timeout} (zero: none) passed first. */
    Optional<JobRecord> await(String jobId, Duration timeout) {
        long deadline = timeout.isZero() ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        ReconnectBackoff backoff = ReconnectBackoff.standard();
        String last = "";
        while (System.nanoTime() < deadline || timeout.isZero()) {
            Duration wait = POLL;
            try {
                JobRecord job = store.get(jobId);
                Duration outage = backoff.succeeded();
                if (!outage.isZero()) {
                    say("vidfleet: reconnected to Redis after " + outage.toMillis() + " ms");
                }
                String line = describe(job);
                if (!line.equals(last)) {
                    say(line);
                    last = line;
                }
                if (job.state().terminal()) {
                    return Optional.of(job);
                }
            } catch (JedisException e) {
                wait = backoff.failed();
                say("vidfleet: " + ReconnectBackoff.reconnecting("waiting for job " + jobId, e, wait));
            }
            sleep(timeout.isZero() ? wait : Duration.ofNanos(Math.max(0, Math.min(wait.toNanos(), deadline - System.nanoTime()))));
        }
        return Optional.empty();
    }

    private void say(String line) {
        progress.println(line);
        progress.flush();
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

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the job");
        }
    }
}
