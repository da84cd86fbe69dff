package io.vidfleet.common.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Streams with a fixed buffer (never a whole object in memory), telling progress as it goes. */
final class Transfers {
    private static final int BUFFER = 256 * 1024;

    private Transfers() {
    }

    static long copy(InputStream in, Path target, long total, TransferProgress progress) throws IOException {
        try (OutputStream out = Files.newOutputStream(target)) {
            return copy(in, out, total, progress);
        }
    }

    static long copy(InputStream in, OutputStream out, long total, TransferProgress progress) throws IOException {
        byte[] buffer = new byte[BUFFER];
        long done = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
            out.write(buffer, 0, n);
            done += n;
            progress.transferred(done, total);
        }
        if (done == 0) {
            progress.transferred(0, total);
        }
        return done;
    }
}
