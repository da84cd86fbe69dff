package io.vidfleet.common.media;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs one child process to its end or its time limit, stdout line by line. The default runs it on its
 * own; a worker passes one that also holds it to the attempt's deadline and kills it on a lost lease.
 */
@FunctionalInterface
public interface ProcessLauncher {
    ProcessResult run(List<String> command, Duration timeLimit, Consumer<String> stdoutLines);

    static ProcessLauncher of(Ffmpeg ffmpeg) {
        return (command, timeLimit, stdoutLines) -> ffmpeg.runner(command).run(null, timeLimit, stdoutLines);
    }
}
