package io.vidfleet.common.redis;

import java.time.Duration;

/**
 * How long a long-running loop waits after Redis failed it (down, restarting, failing over): doubling
 * from {@code first} up to {@code ceiling}, back to {@code first} after a success.
 */
public final class ReconnectBackoff {
    private final Duration first;
    private final Duration ceiling;
    private Duration next;

    public ReconnectBackoff(Duration first, Duration ceiling) {
        this.first = first;
        this.ceiling = ceiling;
        this.next = first;
    }

    public static ReconnectBackoff standard() {
        return new ReconnectBackoff(Duration.ofMillis(200), Duration.ofSeconds(5));
    }

    public void succeeded() {
        next = first;
    }

    /** The wait before the next try; each call doubles the one after. */
    public Duration failed() {
        Duration wait = next;
        next = next.multipliedBy(2).compareTo(ceiling) > 0 ? ceiling : next.multipliedBy(2);
        return wait;
    }

    public static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
