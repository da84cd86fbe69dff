package io.vidfleet.cli;

import io.vidfleet.cli.bench.QueueBench;
import io.vidfleet.cli.bench.QueueBenchSettings;
import io.vidfleet.common.error.BadInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "queue", mixinStandardHelpOptions = true,
        description = "Measure the queue itself: no-op tasks claimed and completed through the real claim, lease and "
                + "completion path at several concurrencies, in one JVM and several; BullMQ on the same Redis when Node.js "
                + "is installed; a scale simulation of hundreds of sleeping workers. report.md, report.json and charts go to --out.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:the bench ran", "1:a run failed (the reason is printed)", "2:bad usage"})
final class BenchQueueCommand implements Callable<Integer> {
    @Option(names = "--tasks", paramLabel = "N", defaultValue = "20000", description = "tasks per row (default: ${DEFAULT-VALUE})", converter = OptionRanges.BenchTasks.class)
    int tasks;

    @Option(names = "--concurrency", paramLabel = "LIST", split = ",", defaultValue = "1,8,16",
            description = "threads in one JVM, and BullMQ's concurrency (default: ${DEFAULT-VALUE})", converter = OptionRanges.Slots.class)
    List<Integer> concurrency;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "3",
            description = "rounds of the one-JVM and BullMQ rows at each concurrency, alternating; the report gives their "
                    + "medians and each round's ratio (default: ${DEFAULT-VALUE})", converter = OptionRanges.Rounds.class)
    int rounds;

    @Option(names = "--warm-up", paramLabel = "N", defaultValue = "3000",
            description = "no-op tasks each measured process (this JVM, each several-JVM child, each BullMQ run) claims and "
                    + "completes first, so that rows measure compiled code, as in a worker that has run a while "
                    + "(default: ${DEFAULT-VALUE}); 0 for none", converter = OptionRanges.WarmUpTasks.class)
    int warmUp;

    @Option(names = "--jvms", paramLabel = "LIST", split = ",", defaultValue = "2,4",
            description = "JVM counts for the several-JVM rows (default: ${DEFAULT-VALUE}); 0 for none", converter = OptionRanges.Jvms.class)
    List<Integer> jvms;

    @Option(names = "--jvm-concurrency", paramLabel = "N", defaultValue = "8",
            description = "threads in all for the several-JVM rows (default: ${DEFAULT-VALUE})", converter = OptionRanges.Slots.class)
    int jvmConcurrency;

    @Option(names = "--redis", paramLabel = "URL", description = "a Redis to use (default: a private one the bench starts)")
    String redis;

    @Option(names = "--out", paramLabel = "DIR", description = "where the report goes (default: bench-results/queue-DATE)")
    Path out;

    @Option(names = "--bullmq-dir", paramLabel = "DIR",
            description = "where npm installs BullMQ (default: vidfleet-bench-bullmq in the temporary directory)")
    Path bullmqDir;

    @Option(names = "--no-bullmq", description = "skip the BullMQ rows")
    boolean noBullmq;

    @Option(names = "--simulate", paramLabel = "LIST", split = ",", defaultValue = "100,300,1000",
            description = "simulated worker counts for the scale simulation (default: ${DEFAULT-VALUE}); 0 for none", converter = OptionRanges.SimulatedWorkers.class)
    List<Integer> simulate;

    @Option(names = "--simulate-tasks-per-worker", paramLabel = "N", defaultValue = "3",
            description = "tasks per simulated worker (default: ${DEFAULT-VALUE})", converter = OptionRanges.TasksPerWorker.class)
    int tasksPerWorker;

    @Option(names = "--chunk-report", paramLabel = "FILE",
            description = "a `vidfleet bench` report.json whose measured chunk times the simulation sleeps (default: assumed 2-6 s)")
    Path chunkReport;

    @Option(names = "--time-scale", paramLabel = "F", defaultValue = "0.05",
            description = "simulated chunk times are slept at this fraction of their length (default: ${DEFAULT-VALUE})", converter = OptionRanges.TimeScale.class)
    double timeScale;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        new QueueBench(settings(), spec.commandLine().getErr()).run();
        spec.commandLine().getOut().println(outDir().resolve("report.md"));
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }

    private QueueBenchSettings settings() {
        if (tasks < 1 || tasks > 1_000_000) {
            throw new BadInputException("--tasks must be from 1 to 1000000, got " + tasks);
        }
        if (concurrency.isEmpty() || concurrency.stream().anyMatch(c -> c < 1 || c > 512)) {
            throw new BadInputException("--concurrency must list values from 1 to 512, got " + concurrency);
        }
        if (jvms.stream().anyMatch(j -> j < 0 || j > 32) || jvmConcurrency < 1 || jvmConcurrency > 512) {
            throw new BadInputException("--jvms must list 0 to 32 and --jvm-concurrency be from 1 to 512");
        }
        if (simulate.stream().anyMatch(w -> w < 0 || w > 2000) || tasksPerWorker < 1 || tasksPerWorker > 100) {
            throw new BadInputException("--simulate must list 0 to 2000 workers and --simulate-tasks-per-worker be from 1 to 100");
        }
        if (!(timeScale > 0 && timeScale <= 1)) {
            throw new BadInputException("--time-scale must be in (0, 1], got " + timeScale);
        }
        if (chunkReport != null && !Files.isRegularFile(chunkReport)) {
            throw new BadInputException("--chunk-report does not exist: " + chunkReport);
        }
        Path dir = outDir();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        Path npmDir = bullmqDir != null ? bullmqDir : Path.of(System.getProperty("java.io.tmpdir"), "vidfleet-bench-bullmq");
        return new QueueBenchSettings(tasks, List.copyOf(concurrency), jvms.stream().filter(j -> j > 0).toList(), jvmConcurrency,
                redis, dir.toAbsolutePath(), npmDir.toAbsolutePath(), noBullmq, simulate.stream().filter(w -> w > 0).toList(),
                tasksPerWorker, chunkReport, timeScale, warmUp, rounds);
    }

    private Path outDir() {
        if (out == null) {
            out = Path.of("bench-results", "queue-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        }
        return out;
    }
}
