package io.vidfleet.common.error;

/** A record read from Redis that vidfleet cannot trust: a malformed id, an unknown state, a broken field. */
public class InvalidRecordException extends VidfleetException {
    public InvalidRecordException(String message) {
        super(message);
    }

    public InvalidRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
