package io.vidfleet.api;

/** A request the API refuses: an HTTP status and a one-line reason for the client. */
final class HttpError extends RuntimeException {
    private final int status;

    HttpError(int status, String reason) {
        super(reason);
        this.status = status;
    }

    int status() {
        return status;
    }
}
