package io.vidfleet.common.webhook;

import java.time.Instant;
import java.util.Map;

/** A delivery as listed (never with its secret): state pending, delivering, delivered or dead. */
public record WebhookDelivery(String id, String eventId, String type, String jobId, String url, String host,
                              String state, int attempts, String lastStatus, String lastError, Instant createdAt,
                              Instant nextAt, Instant deliveredAt, Instant deadAt) {

    static WebhookDelivery fromHash(Map<String, String> h) {
        return new WebhookDelivery(h.get("id"), h.get("event"), h.get("type"), h.get("job"), h.get("url"), h.get("host"),
                h.get("state"), Integer.parseInt(h.getOrDefault("attempts", "0")), blank(h.get("lastStatus")),
                blank(h.get("lastError")), instant(h.get("createdAt")), instant(h.get("nextAt")),
                instant(h.get("deliveredAt")), instant(h.get("deadAt")));
    }

    private static String blank(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private static Instant instant(String millis) {
        return millis == null || millis.isEmpty() ? null : Instant.ofEpochMilli(Long.parseLong(millis));
    }
}
