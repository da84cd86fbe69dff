package io.vidfleet.cli;

import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;

/** Signals to whole process trees (a worker JVM and its FFmpeg), as a frozen or dying machine would see them. */
final class Processes {
    private Processes() {
    }

    static void freeze(ProcessHandle process) {
        signal("STOP", process);
    }

    static void thaw(ProcessHandle process) {
        signal("CONT", process);
    }

    /** This JVM's running ffmpeg processes that encode video (their command maps a video stream). */
    static List<ProcessHandle> videoEncodes() {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("ffmpeg")).orElse(false))
                .filter(p -> p.info().arguments().map(args -> List.of(args).contains("0:v:0")).orElse(false))
                .filter(ProcessHandle::isAlive).toList();
    }

    /** FFmpeg processes started by this JVM that still run. */
    static long runningFfmpegs() {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("ffmpeg")).orElse(false))
                .filter(ProcessHandle::isAlive).count();
    }

    private static void signal(String name, ProcessHandle process) {
        List<String> pids = Stream.concat(Stream.of(process), process.descendants())
                .map(p -> Long.toString(p.pid())).toList();
        try {
            Process kill = new ProcessBuilder(Stream.concat(Stream.of("kill", "-" + name), pids.stream()).toList())
                    .inheritIO().start();
            kill.waitFor();
        } catch (IOException e) {
            throw new IllegalStateException("cannot signal " + pids, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
