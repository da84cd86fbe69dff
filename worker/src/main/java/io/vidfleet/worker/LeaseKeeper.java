package io.vidfleet.worker;

import io.vidfleet.common.error.LeaseLostException;
import io.vidfleet.common.queue.ClaimedTask;
import io.vidfleet.common.queue.TaskQueue;
import io.vidfleet.common.redis.ReconnectBackoff;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Extends a claimed task's lease every third of its length. When Redis fails an extension, it tries
 * again sooner, with backoff and jitter (never later than the regular period). When an extension is
 * refused, or Redis stays unreachable until the lease must have run out, the lease is lost:
 * {@code onLost} runs at once (it kills the encode) and the task's result must be dropped.
 */
final class LeaseKeeper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LeaseKeeper.class);

    private final ClaimedTask task;
    private final TaskQueue queue;
    private final Runnable onLost;
    private final ScheduledExecutorService scheduler;
    private final Duration period;
    private final ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofMillis(100), Duration.ofSeconds(2));
    private final AtomicReference<String> lostReason = new AtomicReference<>();
    private volatile ScheduledFuture<?> next;
    private volatile boolean closed;
    private volatile long lastExtendedNanos = System.nanoTime();

    LeaseKeeper(ClaimedTask task, TaskQueue queue, ScheduledExecutorService scheduler, Runnable onLost) {
        this.task = task;
        this.queue = queue;
        this.onLost = onLost;
        this.scheduler = scheduler;
        this.period = Duration.ofMillis(Math.max(100, task.lease().toMillis() / 3));
        schedule(period);
    }

    boolean lost() {
        return lostReason.get() != null;
    }

    String lostReason() {
        return lostReason.get();
    }

    /** When the lease was last extended (or claimed): it holds until at least that plus the lease. */
    long lastExtendedNanos() {
        return lastExtendedNanos;
    }

    private synchronized void schedule(Duration delay) {
        if (!closed) {
            next = scheduler.schedule(this::extend, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void extend() {
        if (lost() || closed) {
            return;
        }
        long sent = System.nanoTime(); // the new deadline is at least this plus the lease
        try {
            queue.extend(task);
            lastExtendedNanos = sent;
            Duration outage = backoff.succeeded();
            if (!outage.isZero()) {
                log.info("{}/{}: lease extended again after {} ms without Redis", task.jobId(), task.taskId(), outage.toMillis());
            }
            schedule(period);
        } catch (LeaseLostException e) {
            lose(e.getMessage());
        } catch (RuntimeException e) {
            Duration since = Duration.ofNanos(System.nanoTime() - lastExtendedNanos);
            if (since.compareTo(task.lease()) >= 0) {
                lose("lease on " + task.taskId() + " ran out while Redis was unreachable: " + e.getMessage());
                return;
            }
            Duration wait = backoff.failed();
            log.warn(ReconnectBackoff.reconnecting("lease on " + task.jobId() + "/" + task.taskId(), e, wait));
            schedule(wait.compareTo(period) < 0 ? wait : period);
        }
    }

    private void lose(String reason) {
        if (lostReason.compareAndSet(null, reason)) {
            log.warn("{}; aborting the task", reason);
            onLost.run();
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (next != null) {
            next.cancel(false);
        }
    }
}
