package io.vidfleet.common.error;

/**
 * FFmpeg or ffprobe failed. {@code retryable} separates a crash, a kill or an I/O error (try again)
 * from media that cannot be decoded or a result that fails verification (trying again cannot help).
 */
public class MediaException extends VidfleetException {
    private final boolean retryable;

    public MediaException(String message, boolean retryable) {
        super(message);
        this.retryable = retryable;
    }

    public MediaException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
