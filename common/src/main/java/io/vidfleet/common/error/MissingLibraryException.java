package io.vidfleet.common.error;

/**
 * The machine lacks a shared library that the bundled FFmpeg links against. The user fixes it by installing
 * a package, so the CLI treats it like bad input: one line naming the package, exit code 2.
 */
public class MissingLibraryException extends VidfleetException {
    public MissingLibraryException(String message) {
        super(message);
    }
}
