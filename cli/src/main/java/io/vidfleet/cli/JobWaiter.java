package io.vidfleet.cli;

import io.vidfleet.common.jobs.JobRecord;
import io.vidfleet.common.jobs.JobState;
import io.vidfleet.common.redis.ReconnectBackoff;
import io.vidfleet.common.store.JobProgress;
import io.vidfleet.common.store.JobStore;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Follows a job until it ends, showing its progress as {@code vidfleet watch} does (a {@link JobWatcher}
 * on a {@link ProgressDisplay}). A Redis that goes away (restart, failover) is waited for, with backoff
 * and jitter, saying so; the job goes on meanwhile.
 */
final class JobWaiter {
    private static final Duration POLL = Duration.ofMillis(500);

    private final JobStore store;
    private final PrintWriter progress;
    private final ProgressDisplay display;

    JobWaiter(JobStore store, PrintWriter progress) {
        this(store, progress, ProgressDisplay.forHumans(progress));
    }

    /** {@code progress} gets the outage messages; {@code display} the job's progress. */
    JobWaiter(JobStore store, PrintWriter progress, ProgressDisplay display) {
        this.store = store;
        this.progress = progress;
        this.display = display;
    }

    JobRecord await(String jobId) {
        return await(jobId, Duration.ZERO).orElseThrow();
    }

    /** The ended job, or empty when {@code timeout} (zero: none) passed first. */
    Optional<JobRecord> await(String jobId, Duration timeout) {
        long deadline = timeout.isZero() ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        ReconnectBackoff backoff = ReconnectBackoff.standard();
        JobWatcher watcher = new JobWatcher(store, display);
        String lastEvent = "0-0";
        try {
            while (System.nanoTime() < deadline || timeout.isZero()) {
                try {
                    JobProgress now = watcher.look(jobId);
                    Duration outage = backoff.succeeded();
                    if (!outage.isZero()) {
                        say("vidfleet: reconnected to Redis after " + outage.toMillis() + " ms");
                    }
                    if (now.terminal()) {
                        return Optional.of(store.get(jobId));
                    }
                    // woken by the job's next event (its end included), else after POLL to show progress
                    lastEvent = store.awaitLogAfter(jobId, lastEvent, capped(POLL, deadline, timeout));
                } catch (JedisException e) {
                    Duration wait = backoff.failed();
                    say("vidfleet: " + ReconnectBackoff.reconnecting("waiting for job " + jobId, e, wait));
                    sleep(capped(wait, deadline, timeout));
                }
            }
            return Optional.empty();
        } finally {
            display.close();
        }
    }

    private void say(String line) {
        progress.println(line);
        progress.flush();
    }

    static int exitCode(JobRecord job) {
        return job.state() == JobState.DONE ? ExitCodes.OK : ExitCodes.FAILED;
    }

    private static Duration capped(Duration wait, long deadline, Duration timeout) {
        return timeout.isZero() ? wait : Duration.ofNanos(Math.max(0, Math.min(wait.toNanos(), deadline - System.nanoTime())));
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
