package io.vidfleet.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Worker JVMs started from this one's classpath, each logging to a file of its own. */
final class WorkerProcesses implements AutoCloseable {
    private final List<Process> processes = new ArrayList<>();

    /** Starts {@code count} workers logging to {@code logDir/worker-N.log}. */
    static WorkerProcesses start(int count, List<String> workerArgs, Path logDir) {
        return start(count, workerArgs, java.util.Map.of(), logDir);
    }

    /** As above, with variables added to the workers' environment (secrets go there, not on the command line). */
    static WorkerProcesses start(int count, List<String> workerArgs, java.util.Map<String, String> environment, Path logDir) {
        WorkerProcesses workers = new WorkerProcesses();
        try {
            Files.createDirectories(logDir);
            for (int i = 0; i < count; i++) {
                List<String> command = new ArrayList<>(List.of(javaBinary(), "-cp", System.getProperty("java.class.path"),
                        Main.class.getName(), "worker"));
                command.addAll(workerArgs);
                Path log = logDir.resolve("worker-" + (i + 1) + ".log");
                ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
                builder.environment().putAll(environment);
                workers.processes.add(builder.start());
            }
        } catch (IOException e) {
            workers.close();
            throw new UncheckedIOException("cannot start worker processes", e);
        }
        return workers;
    }

    List<Process> processes() {
        return processes;
    }

    /** SIGTERM to each (a graceful stop), then waits; kills what is still running after 30 s. */
    @Override
    public void close() {
        processes.forEach(Process::destroy);
        for (Process process : processes) {
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
