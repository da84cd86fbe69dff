package io.vidfleet.coordinator.webhook;

import com.standardwebhooks.Webhook;
import io.vidfleet.common.webhook.ClaimedDelivery;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One HTTP attempt of a delivery, signed as the Standard Webhooks specification says: headers
 * {@code webhook-id} (the event's id, the same on every attempt), {@code webhook-timestamp} (this
 * attempt, in seconds) and {@code webhook-signature} ({@code v1,BASE64(HMAC-SHA256(key, id.timestamp.body))}).
 * Redirects are not followed (a 3xx is a failed attempt) and the receiver has a bounded time to answer.
 */
final class WebhookSender {
    private final Duration requestTimeout;
    /**
     * Made on the first delivery: a client's selector thread waits in native code, and the JVM's exit
     * waits up to 300 ms for such threads, so a coordinator that sends nothing (every `local` run) has none.
     */
    private HttpClient client;

    WebhookSender(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    private synchronized HttpClient client() {
        if (client == null) {
            client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(requestTimeout.compareTo(Duration.ofSeconds(5)) < 0 ? requestTimeout : Duration.ofSeconds(5))
                    .build();
        }
        return client;
    }

    /** The result of one attempt: {@code status} 0 when no answer came. */
    record Attempt(boolean delivered, int status, String error) {
    }

    Attempt send(ClaimedDelivery delivery, Optional<String> secret) {
        if (secret.isEmpty()) {
            return new Attempt(false, 0, "no webhook secret: start the coordinator with --webhook-secret or VIDFLEET_WEBHOOK_SECRET");
        }
        long timestamp = Instant.now().getEpochSecond();
        String signature;
        try {
            signature = new Webhook(secret.get()).sign(delivery.eventId(), timestamp, delivery.body());
        } catch (Exception e) {
            return new Attempt(false, 0, "cannot sign: " + e.getClass().getSimpleName()); // never the secret itself
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(delivery.url())).timeout(requestTimeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "vidfleet-webhooks/1")
                .header("webhook-id", delivery.eventId())
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(delivery.body()))
                .build();
        try {
            HttpResponse<Void> response = client().send(request, HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return new Attempt(true, status, null);
            }
            String why = status >= 300 && status < 400
                    ? "redirect not followed (" + status + " to " + response.headers().firstValue("location").orElse("?") + ")"
                    : "HTTP " + status;
            return new Attempt(false, status, why);
        } catch (HttpTimeoutException e) {
            return new Attempt(false, 0, "no answer within " + requestTimeout.toMillis() + " ms");
        } catch (IOException e) {
            return new Attempt(false, 0, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Attempt(false, 0, "interrupted (coordinator stopping)");
        }
    }
}
