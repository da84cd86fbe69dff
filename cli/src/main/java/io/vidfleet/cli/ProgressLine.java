package io.vidfleet.cli;

import io.vidfleet.common.storage.TransferProgress;
import java.io.PrintWriter;
import java.util.Locale;

/** Prints a transfer's progress on stderr, one line per tenth, so logs stay short. */
final class ProgressLine implements TransferProgress {
    private final PrintWriter err;
    private final String what;
    private int lastTenth = -1;

    ProgressLine(PrintWriter err, String what) {
        this.err = err;
        this.what = what;
    }

    @Override
    public void transferred(long done, long total) {
        int tenth = total <= 0 ? 10 : (int) (done * 10 / total);
        if (tenth != lastTenth) {
            lastTenth = tenth;
            err.printf(Locale.ROOT, "%s: %d%% of %.1f MB%n", what, tenth * 10, total / 1e6);
            err.flush();
        }
    }
}
