package io.vidfleet.common.error;

/** A job or task that the caller named does not exist in Redis. */
public class NotFoundException extends BadInputException {
    public NotFoundException(String message) {
        super(message);
    }
}
