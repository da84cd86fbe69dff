package io.vidfleet.common.media;

/** How a child process ended: its exit code, what it printed on stdout, and the end of its stderr. */
public record ProcessResult(int exitCode, String stdout, String stderrTail, boolean killed, String killReason) {

    public boolean ok() {
        return exitCode == 0 && !killed;
    }

    /** The most telling line of stderr, for one-line error messages. */
    public String lastErrorLine() {
        String[] lines = stderrTail.strip().split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            String line = lines[i].strip();
            if (!line.isEmpty()) {
                return line;
            }
        }
        return "exit code " + exitCode;
    }
}
