package io.vidfleet.common.storage;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A stored object as a local file, for a reader that needs one (the stitcher's concat list). A shared
 * directory hands out the stored file itself; an object store downloads it and deletes it on close.
 */
public record LocalCopy(Path path, boolean temporary) implements AutoCloseable {
    @Override
    public void close() {
        if (temporary) {
            try {
                Files.deleteIfExists(path);
            } catch (java.io.IOException ignored) {
                // a leftover in the process's scratch directory is harmless
            }
        }
    }
}
