package io.vidfleet.common.storage;

import io.vidfleet.common.error.VidfleetException;

/** A key that a reader asked for holds nothing in the storage. */
public class MissingKeyException extends VidfleetException {
    private final String key;

    public MissingKeyException(String key) {
        super("nothing stored at " + key);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
