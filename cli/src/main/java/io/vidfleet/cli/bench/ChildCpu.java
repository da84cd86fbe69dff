package io.vidfleet.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time (user and system) of this process's children that have ended and been waited for, with theirs:
 * read before and after a run, it is the run's CPU time, its FFmpeg and JVM processes included. Linux only
 * ({@code /proc/self/stat}); elsewhere unknown.
 */
final class ChildCpu {
    /** Linux reports these times in USER_HZ ticks, 100 a second on every architecture it runs on. */
    private static final long MILLIS_PER_TICK = 10;
    /** cutime and cstime: fields 16 and 17 of the stat line, counted from the state (field 3) after the name. */
    private static final int CUTIME = 16 - 3;
    private static final int CSTIME = 17 - 3;

    private ChildCpu() {
    }

    /** The children's CPU time so far (ms), or -1 when this system does not say. */
    static long millis() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            return (Long.parseLong(fields[CUTIME]) + Long.parseLong(fields[CSTIME])) * MILLIS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The CPU time children used since {@code before} (a {@link #millis} reading), or -1 when unknown. */
    static long since(long before) {
        long now = millis();
        return before < 0 || now < 0 ? -1 : now - before;
    }
}
