package io.vidfleet.cli;

import io.vidfleet.common.media.Ffmpeg;
import io.vidfleet.common.redis.RedisKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Worker processes for tests that need real separate JVMs (kill -9, SIGSTOP, a stop under load), started
 * from this one's classpath as {@code vidfleet worker}, each logging to a file of its own: the C1 compiler
 * only, the serial collector, the FFmpeg this JVM already located (no unpacking).
 */
final class WorkerProcesses implements AutoCloseable {
    /** A worker runs FFmpeg and a few Redis calls: JIT and GC threads would only compete with the encoder. */
    private static final List<String> JVM_OPTIONS = concat(JvmOptions.LEAN, List.of("-Xss512k"));

    /** After its grace, a worker kills its encodes and releases their tasks (up to 10 s), then exits. */
    private static final Duration RELEASE_MARGIN = Duration.ofSeconds(15);

    private final List<Process> processes = new ArrayList<>();
    private Duration stopTimeout = stopTimeout(List.of());

    /** Starts {@code count} workers logging to {@code logDir/worker-N.log}. */
    static WorkerProcesses start(int count, List<String> workerArgs, Path logDir) {
        WorkerProcesses workers = new WorkerProcesses();
        workers.stopTimeout = stopTimeout(workerArgs);
        try {
            Files.createDirectories(logDir);
            Ffmpeg ffmpeg = Ffmpeg.get();
            for (int i = 0; i < count; i++) {
                List<String> command = new ArrayList<>(List.of(javaBinary()));
                command.addAll(JVM_OPTIONS);
                command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "worker"));
                command.addAll(workerArgs);
                Path log = logDir.resolve("worker-" + (i + 1) + ".log");
                ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
                builder.environment().putIfAbsent("VIDFLEET_FFMPEG", ffmpeg.ffmpegPath().toString());
                builder.environment().putIfAbsent("VIDFLEET_FFPROBE", ffmpeg.ffprobePath().toString());
                // a child without --key-prefix works under this JVM's prefix, not the default
                builder.environment().put(RedisKeys.PREFIX_VARIABLE, RedisKeys.configuredPrefix());
                workers.processes.add(builder.start());
            }
        } catch (IOException e) {
            workers.close();
            throw new UncheckedIOException("cannot start worker processes", e);
        }
        return workers;
    }

    /** How long {@link #close} waits: the worker's grace (its --grace-seconds, else its default) plus its release. */
    static Duration stopTimeout(List<String> workerArgs) {
        int at = workerArgs.indexOf("--grace-seconds");
        long grace = at >= 0 && at + 1 < workerArgs.size() ? Long.parseLong(workerArgs.get(at + 1)) : WorkerCommand.DEFAULT_GRACE_SECONDS;
        return Duration.ofSeconds(grace).plus(RELEASE_MARGIN);
    }

    private static void killTree(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly); // a SIGKILLed JVM cannot stop its FFmpeg
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    List<Process> processes() {
        return processes;
    }

    /**
     * SIGTERM to each (a graceful stop), then waits longer than the workers' own grace period and release;
     * kills what is still running after that, FFmpeg children first, so that none outlives its worker.
     */
    @Override
    public void close() {
        stop(stopTimeout);
    }

    /** Asks every worker to stop (SIGTERM) without waiting: {@link #close} then waits for what is left. */
    void beginStop() {
        processes.forEach(Process::destroy);
    }

    void stop(Duration timeout) {
        beginStop();
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Process process : processes) {
            try {
                if (!process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    killTree(process);
                }
            } catch (InterruptedException e) {
                killTree(process);
                Thread.currentThread().interrupt();
            }
        }
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return List.copyOf(all);
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
