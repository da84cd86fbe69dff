package io.vidfleet.coordinator.webhook;

import io.vidfleet.common.webhook.WebhookEndpoint;
import io.vidfleet.common.webhook.WebhookSecret;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How a coordinator sends webhooks: endpoints every job notifies (the cluster-wide default), the
 * signing secret, how long a delivery is retried before it is dead-lettered ({@code retryWindow}),
 * the backoff between attempts (doubling from {@code firstBackoff} up to {@code maxBackoff}, with
 * jitter), how long a receiver may take to answer, and how many deliveries to one host run at once.
 */
public record WebhookSettings(List<WebhookEndpoint> defaultEndpoints, Optional<WebhookSecret> secret,
                              Duration retryWindow, Duration firstBackoff, Duration maxBackoff,
                              Duration requestTimeout, int perHostConcurrency, Duration poll) {

    public static WebhookSettings defaults() {
        return new WebhookSettings(List.of(), Optional.empty(), Duration.ofHours(24), Duration.ofSeconds(5),
                Duration.ofHours(1), Duration.ofSeconds(10), 2, Duration.ofSeconds(1));
    }

    public WebhookSettings withDefaultEndpoints(List<WebhookEndpoint> value) {
        return new WebhookSettings(List.copyOf(value), secret, retryWindow, firstBackoff, maxBackoff, requestTimeout, perHostConcurrency, poll);
    }

    public WebhookSettings withSecret(Optional<WebhookSecret> value) {
        return new WebhookSettings(defaultEndpoints, value, retryWindow, firstBackoff, maxBackoff, requestTimeout, perHostConcurrency, poll);
    }

    public WebhookSettings withRetryWindow(Duration value) {
        return new WebhookSettings(defaultEndpoints, secret, value, firstBackoff, maxBackoff, requestTimeout, perHostConcurrency, poll);
    }

    public WebhookSettings withBackoff(Duration first, Duration max) {
        return new WebhookSettings(defaultEndpoints, secret, retryWindow, first, max, requestTimeout, perHostConcurrency, poll);
    }

    public WebhookSettings withRequestTimeout(Duration value) {
        return new WebhookSettings(defaultEndpoints, secret, retryWindow, firstBackoff, maxBackoff, value, perHostConcurrency, poll);
    }

    public WebhookSettings withPoll(Duration value) {
        return new WebhookSettings(defaultEndpoints, secret, retryWindow, firstBackoff, maxBackoff, requestTimeout, perHostConcurrency, value);
    }

    /** A delivery's lease: the receiver's time plus a margin, so only a dead sender loses it. */
    public Duration lease() {
        return requestTimeout.plusSeconds(30);
    }

    @Override
    public String toString() {
        return "WebhookSettings[endpoints=" + defaultEndpoints.size() + ", secret=" + secret.map(s -> "set").orElse("none")
                + ", retryWindow=" + retryWindow + "]";
    }
}
