package io.vidfleet.common.error;

/** Root of every error vidfleet raises on purpose; unchecked so callers catch only what they can act on. */
public class VidfleetException extends RuntimeException {
    public VidfleetException(String message) {
        super(message);
    }

    public VidfleetException(String message, Throwable cause) {
        super(message, cause);
    }
}
