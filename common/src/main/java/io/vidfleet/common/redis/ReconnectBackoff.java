package io.vidfleet.common.redis;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import redis.clients.jedis.exceptions.JedisException;

/**
 * How long a long-running loop waits after Redis failed it (down, restarting, failing over): a ceiling
 * doubling from {@code first} up to {@code ceiling}, back to {@code first} after a success, and a wait
 * drawn at random between half the ceiling and all of it, so processes that lost Redis together do not
 * all come back in the same millisecond. Not thread-safe: one per loop.
 */
public final class ReconnectBackoff {
    private final Duration first;
    private final Duration ceiling;
    private Duration next;
    private int failures;
    private long failingSinceNanos;

    public ReconnectBackoff(Duration first, Duration ceiling) {
        this.first = first;
        this.ceiling = ceiling;
        this.next = first;
    }

    public static ReconnectBackoff standard() {
        return new ReconnectBackoff(Duration.ofMillis(200), Duration.ofSeconds(5));
    }

    /**
     * Records a success; returns how long Redis had been failing this loop (zero if it was not), so the
     * loop can say it is back.
     */
    public Duration succeeded() {
        Duration outage = failures == 0 ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - failingSinceNanos);
        next = first;
        failures = 0;
        return outage;
    }

    /** The wait before the next try, with jitter; each call doubles the ceiling of the one after. */
    public Duration failed() {
        if (failures++ == 0) {
            failingSinceNanos = System.nanoTime();
        }
        long ceilingMillis = next.toMillis();
        next = next.multipliedBy(2).compareTo(ceiling) > 0 ? ceiling : next.multipliedBy(2);
        return Duration.ofMillis(ceilingMillis / 2 + ThreadLocalRandom.current().nextLong(ceilingMillis / 2 + 1));
    }

    /** Consecutive failures so far. */
    public int failures() {
        return failures;
    }

    /** The line a loop logs (or prints) when Redis failed it: what failed, and when it tries again. */
    public static String reconnecting(String who, RuntimeException cause, Duration wait) {
        String what = cause instanceof JedisException ? "Redis unreachable (" : "failed (";
        return who + ": " + what + oneLine(cause) + "); reconnecting in " + wait.toMillis() + " ms";
    }

    private static String oneLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.replace('\n', ' ');
    }

    public static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
