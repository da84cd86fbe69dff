package io.vidfleet.common.error;

/** Redis could not be reached; long-running processes retry, one-shot commands report it. */
public class RedisUnavailableException extends VidfleetException {
    public RedisUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
