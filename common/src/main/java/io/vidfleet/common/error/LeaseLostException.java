package io.vidfleet.common.error;

/** The worker's lease on a task is gone (expired, taken over, revoked): it must stop and drop its result. */
public class LeaseLostException extends VidfleetException {
    public LeaseLostException(String message) {
        super(message);
    }
}
