package io.vidfleet.common.webhook;

import io.vidfleet.common.error.BadInputException;
import java.util.Base64;

/**
 * A Standard Webhooks signing secret: {@code whsec_} followed by the base64 of the key. Its
 * {@link #toString()} never shows the key, so it cannot slip into a log or an event.
 */
public final class WebhookSecret {
    public static final String PREFIX = "whsec_";
    private static final int MIN_KEY_BYTES = 24;
    private static final int MAX_KEY_BYTES = 64;

    private final String encoded;

    private WebhookSecret(String encoded) {
        this.encoded = encoded;
    }

    public static WebhookSecret parse(String text) {
        if (text == null || !text.startsWith(PREFIX)) {
            throw new BadInputException("webhook secret must look like whsec_BASE64 (Standard Webhooks)");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(text.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new BadInputException("webhook secret is not valid base64 after whsec_");
        }
        if (key.length < MIN_KEY_BYTES || key.length > MAX_KEY_BYTES) {
            throw new BadInputException("webhook secret key must be " + MIN_KEY_BYTES + " to " + MAX_KEY_BYTES
                    + " bytes, got " + key.length);
        }
        return new WebhookSecret(text);
    }

    /** The secret as given ({@code whsec_...}): for signing and for storing with a job, never for printing. */
    public String reveal() {
        return encoded;
    }

    @Override
    public String toString() {
        return "whsec_***";
    }
}
