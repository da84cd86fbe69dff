package io.vidfleet.worker;

import io.vidfleet.common.queue.ClaimedTask;
import io.vidfleet.common.redis.ReconnectBackoff;
import io.vidfleet.common.redis.RedisFailures;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a call on a claimed task's behalf again through a Redis outage, with backoff and jitter, for as
 * long as the task's lease may still hold: a finished encode is reported once Redis is back instead of
 * being thrown away. Once the lease may have run out, another worker may own the task: the last failure
 * is thrown.
 */
final class WhileLeaseHolds {
    private static final Logger log = LoggerFactory.getLogger(WhileLeaseHolds.class);

    private WhileLeaseHolds() {
    }

    /**
     * @param heldSince when the lease was last known to be extended (System.nanoTime), so it holds
     *                  until at least that plus the lease
     */
    static <T> T call(ClaimedTask task, LongSupplier heldSince, String what, Supplier<T> call) {
        ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofMillis(100), Duration.ofSeconds(2));
        while (true) {
            try {
                T result = call.get();
                Duration outage = backoff.succeeded();
                if (!outage.isZero()) {
                    log.info("{}/{}: {} went through after {} ms without Redis", task.jobId(), task.taskId(), what, outage.toMillis());
                }
                return result;
            } catch (RuntimeException e) {
                if (!RedisFailures.isTransient(e)) {
                    throw e;
                }
                Duration wait = backoff.failed();
                long leaseEnds = heldSince.getAsLong() + task.lease().toNanos();
                if (System.nanoTime() + wait.toNanos() >= leaseEnds) {
                    log.warn("{}/{}: {} failed and the lease may have run out: {}", task.jobId(), task.taskId(), what, e.getMessage());
                    throw e;
                }
                log.warn(ReconnectBackoff.reconnecting(task.jobId() + "/" + task.taskId() + " " + what, e, wait));
                ReconnectBackoff.sleep(wait);
            }
        }
    }
}
