package io.vidfleet.cli;

import io.vidfleet.cli.bench.QueueJvms;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** The child JVM of the several-JVM queue rows (started by {@code bench queue}, not by users). */
@Command(name = "queue-worker", hidden = true, description = "Claims no-op bench tasks for `bench queue` (internal).")
final class BenchQueueWorkerCommand implements Callable<Integer> {
    @Option(names = "--redis", required = true)
    String redis;

    @Option(names = "--prefix", required = true)
    String prefix;

    @Option(names = "--threads", defaultValue = "1", converter = OptionRanges.Slots.class)
    int threads;

    @Option(names = "--warm-up", defaultValue = "0", converter = OptionRanges.WarmUpTasks.class)
    int warmUp;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (!prefix.matches("vfbench-[A-Za-z0-9-]+")) {
            throw new io.vidfleet.common.error.BadInputException("--prefix must be a bench prefix (vfbench-...), got " + prefix);
        }
        PrintWriter out = spec.commandLine().getOut();
        QueueJvms.child(redis, prefix, threads, warmUp, out);
        return ExitCodes.OK;
    }
}
