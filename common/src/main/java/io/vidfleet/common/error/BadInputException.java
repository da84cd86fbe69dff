package io.vidfleet.common.error;

/** The user asked for something that cannot work (missing file, not a video, unknown profile): exit code 2, one line. */
public class BadInputException extends VidfleetException {
    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
