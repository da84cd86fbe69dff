package io.vidfleet.common.webhook;

import java.util.Optional;

/** A delivery taken under a lease: its {@code attempt} is the fencing token of the report. */
public record ClaimedDelivery(String id, String host, int attempt, String url, String body, Optional<String> secret,
                              String eventId) {
}
