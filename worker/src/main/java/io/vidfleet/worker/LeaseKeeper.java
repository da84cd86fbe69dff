package io.vidfleet.worker;

import io.vidfleet.common.error.LeaseLostException;
import io.vidfleet.common.queue.ClaimedTask;
import io.vidfleet.common.queue.TaskQueue;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Extends a claimed task's lease every third of its length. When an extension is refused, or Redis
 * stays unreachable until the lease must have run out, the lease is lost: {@code onLost} runs at once
 * (it kills the encode) and the task's result must be dropped.
 */
final class LeaseKeeper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LeaseKeeper.class);

    private final ClaimedTask task;
    private final TaskQueue queue;
    private final Runnable onLost;
    private final AtomicReference<String> lostReason = new AtomicReference<>();
    private final ScheduledFuture<?> renewal;
    private volatile long lastExtendedNanos = System.nanoTime();

    LeaseKeeper(ClaimedTask task, TaskQueue queue, ScheduledExecutorService scheduler, Runnable onLost) {
        this.task = task;
        this.queue = queue;
        this.onLost = onLost;
        long period = Math.max(100, task.lease().toMillis() / 3);
        this.renewal = scheduler.scheduleWithFixedDelay(this::extend, period, period, TimeUnit.MILLISECONDS);
    }

    boolean lost() {
        return lostReason.get() != null;
    }

    String lostReason() {
        return lostReason.get();
    }

    private void extend() {
        if (lost()) {
            return;
        }
        try {
            queue.extend(task);
            lastExtendedNanos = System.nanoTime();
        } catch (LeaseLostException e) {
            lose(e.getMessage());
        } catch (RuntimeException e) {
            Duration since = Duration.ofNanos(System.nanoTime() - lastExtendedNanos);
            if (since.compareTo(task.lease()) >= 0) {
                lose("lease on " + task.taskId() + " ran out while Redis was unreachable: " + e.getMessage());
            } else {
                log.warn("cannot extend lease on {}/{} yet: {}", task.jobId(), task.taskId(), e.getMessage());
            }
        }
    }

    private void lose(String reason) {
        if (lostReason.compareAndSet(null, reason)) {
            log.warn("{}; aborting the task", reason);
            onLost.run();
        }
    }

    @Override
    public void close() {
        renewal.cancel(false);
    }
}
