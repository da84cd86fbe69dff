package io.vidfleet.common.media;

import io.vidfleet.common.error.MediaException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Runs FFmpeg and ffprobe as child processes, without a shell. A process that prints nothing for
 * {@code idleTimeout} (FFmpeg with {@code -progress pipe:1} prints every half second) is hung and is
 * killed; so is one still running at its {@code timeLimit} (see {@link TimeLimits}: proportional to the
 * input). {@link #kill(String)} ends it from another thread (a lost lease, a shutdown). Either way the
 * result says {@code killed}, which callers treat as retryable.
 */
public final class ProcessRunner {
    private static final int STDERR_LINES = 30;

    private final List<String> command;
    private final Map<String, String> environment;
    private final AtomicReference<Process> process = new AtomicReference<>();
    private final AtomicReference<String> killReason = new AtomicReference<>();
    private final AtomicLong lastOutputNanos = new AtomicLong();
    private final AtomicReference<RuntimeException> sinkError = new AtomicReference<>();

    public ProcessRunner(List<String> command, Map<String, String> environment) {
        this.command = List.copyOf(command);
        this.environment = environment;
    }

    public List<String> command() {
        return command;
    }

    /** Runs to the end, or until idle for {@code idleTimeout} (null: no limit), or until killed. */
    public ProcessResult run(Duration idleTimeout) {
        return run(idleTimeout, null);
    }

    /** As {@link #run(Duration)}, and killed when still running after {@code timeLimit} (null: none). */
    public ProcessResult run(Duration idleTimeout, Duration timeLimit) {
        StringBuilder stdout = new StringBuilder();
        ProcessResult result = run(idleTimeout, timeLimit, line -> stdout.append(line).append('\n'));
        return new ProcessResult(result.exitCode(), stdout.toString(), result.stderrTail(), result.killed(), result.killReason());
    }

    /**
     * Runs with stdout handed line by line to {@code stdoutLines} as it comes, never held whole (the
     * result's {@code stdout} is empty): memory stays bounded however much the process prints.
     */
    public ProcessResult run(Duration idleTimeout, Duration timeLimit, Consumer<String> stdoutLines) {
        Process started = start();
        Deque<String> stderr = new ArrayDeque<>();
        Thread out = drain(started.getInputStream(), stdoutLines);
        Thread err = drain(started.getErrorStream(), line -> {
            synchronized (stderr) {
                stderr.addLast(line);
                if (stderr.size() > STDERR_LINES) {
                    stderr.removeFirst();
                }
            }
        });
        int exit = waitFor(started, idleTimeout, timeLimit);
        join(out, 60_000); // a streaming reader may still be working through the pipe's last lines
        join(err, 5_000);
        if (sinkError.get() != null) {
            throw sinkError.get();
        }
        String reason = killReason.get();
        synchronized (stderr) {
            return new ProcessResult(exit, "", String.join("\n", stderr), reason != null, reason);
        }
    }

    /** Ends the process at once; {@link #run} then returns with {@code killed} set. Safe from any thread. */
    public void kill(String reason) {
        killReason.compareAndSet(null, reason);
        Process running = process.get();
        if (running != null) {
            running.descendants().forEach(ProcessHandle::destroyForcibly);
            running.destroyForcibly();
        }
    }

    private Process start() {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        try {
            Process started = builder.start();
            process.set(started);
            lastOutputNanos.set(System.nanoTime());
            if (killReason.get() != null) {
                started.destroyForcibly();
            }
            return started;
        } catch (IOException e) {
            throw new MediaException("cannot start " + command.get(0) + ": " + e.getMessage(), false, e);
        }
    }

    private int waitFor(Process started, Duration idleTimeout, Duration timeLimit) {
        long startedNanos = System.nanoTime();
        try {
            while (!started.waitFor(200, TimeUnit.MILLISECONDS)) {
                long idle = System.nanoTime() - lastOutputNanos.get();
                if (idleTimeout != null && idle > idleTimeout.toNanos()) {
                    kill("no progress for " + idleTimeout.toSeconds() + " s");
                }
                if (timeLimit != null && System.nanoTime() - startedNanos > timeLimit.toNanos()) {
                    kill("time limit of " + timeLimit.toSeconds() + " s exceeded");
                }
            }
            return started.exitValue();
        } catch (InterruptedException e) {
            kill("interrupted");
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private Thread drain(InputStream stream, Consumer<String> sink) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    lastOutputNanos.set(System.nanoTime());
                    if (sinkError.get() == null) {
                        try {
                            sink.accept(line);
                        } catch (RuntimeException e) {
                            sinkError.compareAndSet(null, e); // keep draining: a full pipe would hang the process
                        }
                    }
                }
            } catch (IOException ignored) {
                // the process was killed; what it printed so far is kept
            }
        }, "proc-drain");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void join(Thread thread, long millis) {
        try {
            thread.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
