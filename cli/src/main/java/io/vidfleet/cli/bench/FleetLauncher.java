package io.vidfleet.cli.bench;

import io.vidfleet.cli.ClassDataArchive;
import io.vidfleet.cli.JvmOptions;
import io.vidfleet.common.error.VidfleetException;
import io.vidfleet.common.redis.RedisKeys;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import redis.clients.jedis.UnifiedJedis;

/**
 * Runs {@code vidfleet local} as a user would, in a JVM of its own (its start-up counts), against the
 * bench's Redis so that the job's log stream is still there to read afterwards.
 */
final class FleetLauncher {
    private static final Pattern JOB_LINE = Pattern.compile("^job (\\S+): \\d+ chunks");
    private static final long TIMEOUT_MINUTES = 60;

    private final List<String> javaCommand;
    private final String build;
    private final UnifiedJedis redis;
    private final RedisKeys keys;

    /** @param javaCommand how to start the CLI: {@code java -cp ... io.vidfleet.cli.Main} or {@code java -jar old.jar} */
    FleetLauncher(List<String> javaCommand, String build, UnifiedJedis redis, RedisKeys keys) {
        this.javaCommand = List.copyOf(javaCommand);
        this.build = build;
        this.redis = redis;
        this.keys = keys;
    }

    /**
     * This build, started as the launcher starts it: its JVM options and this JVM's (the launcher's archive).
     * A bench started without one ({@code java -jar vidfleet.jar bench}) records an archive for its jar at
     * {@code archive}, as it does for a baseline jar: otherwise the baseline would start faster than this build.
     * {@code archive} null: none is recorded (a child whose start is not timed).
     */
    static List<String> thisBuild(Path archive) {
        return thisBuild(JvmOptions.inherited(), System.getProperty("java.class.path"), archive);
    }

    static List<String> thisBuild(List<String> inherited, String classPath, Path archive) {
        boolean archived = inherited.stream().anyMatch(option -> option.startsWith("-XX:SharedArchiveFile="));
        if (archive != null && !archived && oneJar(classPath)) {
            return jar(Path.of(classPath), archive);
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(JvmOptions.LEAN);
        command.addAll(inherited);
        command.addAll(List.of("-cp", classPath, "io.vidfleet.cli.Main"));
        return command;
    }

    /** A class path of one jar (a class-data archive needs one); not a build's classes directories, as in tests. */
    private static boolean oneJar(String classPath) {
        return classPath.endsWith(".jar") && !classPath.contains(File.pathSeparator) && Files.isRegularFile(Path.of(classPath));
    }

    /**
     * Another build's jar, started as the launcher starts a command: the same JVM options and a class-data
     * archive of its own, recorded first as the launcher records one. Without it, that build would pay a
     * start-up this build does not, and the before/after would flatter.
     */
    static List<String> jar(Path jar, Path archive) {
        if (!Files.isRegularFile(archive)) {
            ClassDataArchive.record(jar, archive);
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(JvmOptions.LEAN);
        command.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off", "-jar", jar.toString()));
        return command;
    }

    String build() {
        return build;
    }

    FleetRun run(Path source, String profile, int workers, int threads, String redisUrl, Path storage, Path output,
                 int runNumber, Path log) {
        List<String> command = new ArrayList<>(javaCommand);
        command.addAll(List.of("local", source.toString(), "--workers", Integer.toString(workers), "--threads",
                Integer.toString(threads), "--profile", profile, "--redis", redisUrl, "--storage", storage.toString(),
                "--output", output.toString()));
        AtomicReference<String> jobId = new AtomicReference<>();
        AtomicLong resultAt = new AtomicLong();
        long started = System.currentTimeMillis();
        long cpuBefore = ChildCpu.millis();
        Process process;
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new VidfleetException("cannot start vidfleet local: " + e.getMessage(), e);
        }
        StringBuilder stderr = new StringBuilder();
        Thread out = drain(process, false, line -> {
            if (line.endsWith(output.getFileName().toString())) {
                resultAt.compareAndSet(0, System.currentTimeMillis());
            }
        }, stderr);
        Thread err = drain(process, true, line -> {
            Matcher m = JOB_LINE.matcher(line);
            if (m.find()) {
                jobId.compareAndSet(null, m.group(1));
            }
        }, stderr);
        int exit = waitFor(process);
        long exited = System.currentTimeMillis();
        long cpu = ChildCpu.since(cpuBefore);
        join(out);
        join(err);
        writeLog(log, command, stderr);
        if (exit != 0 || jobId.get() == null || resultAt.get() == 0) {
            throw new VidfleetException("vidfleet local (" + workers + " workers) failed with exit code " + exit + ": "
                    + lastLine(stderr) + " (log: " + log + ")");
        }
        JobTimeline timeline = JobTimeline.read(redis, keys, jobId.get());
        return new FleetRun(workers, runNumber, build, exited - started, resultAt.get() - started, cpu, jobId.get(),
                timeline.phases(started, exited), timeline.tasks(), timeline.workMillis(), timeline.endSpreadMillis(),
                output.toString());
    }

    private static Thread drain(Process process, boolean errors, java.util.function.Consumer<String> sink, StringBuilder log) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                    errors ? process.getErrorStream() : process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    sink.accept(line);
                    synchronized (log) {
                        log.append(errors ? "" : "[stdout] ").append(line).append('\n');
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "bench-drain");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static int waitFor(Process process) {
        try {
            if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new VidfleetException("vidfleet local did not finish within " + TIMEOUT_MINUTES + " minutes");
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new VidfleetException("interrupted");
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void writeLog(Path log, List<String> command, StringBuilder output) {
        try {
            Files.createDirectories(log.getParent());
            synchronized (output) {
                Files.writeString(log, String.join(" ", command) + "\n" + output);
            }
        } catch (IOException ignored) {
            // the log is a convenience
        }
    }

    private static String lastLine(StringBuilder text) {
        synchronized (text) {
            String[] lines = text.toString().strip().split("\n");
            return lines[lines.length - 1];
        }
    }
}
