package io.vidfleet.cli;

import io.vidfleet.common.store.JobProgress;
import io.vidfleet.common.store.JobStore;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "watch", mixinStandardHelpOptions = true,
        description = "Follow a job until it ends: a live progress bar on a terminal (one line per change otherwise) "
                + "with chunks done, frames, encode speed, ETA and the workers holding chunks. Exit 0 when it is done "
                + "(the output path on stdout), 1 when it failed or was cancelled.")
final class WatchCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "JOB", description = "a job id")
    String jobId;

    @Option(names = "--json", description = "print one JSON object per change on stdout instead")
    boolean json;

    @Mixin
    RedisOption redis;

    @Mixin
    StorageOption storage;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        JobStore store = redis.open();
        store.get(jobId); // an unknown job is a one-line error, exit 2
        ProgressDisplay display = json ? new ProgressDisplay.JsonLines(spec.commandLine().getOut())
                : ProgressDisplay.forHumans(spec.commandLine().getErr());
        JobProgress last = new JobWatcher(store, display).follow(jobId);
        if (!json) {
            if ("done".equals(last.state())) {
                Path output = Path.of(last.output());
                spec.commandLine().getOut().println(output.isAbsolute() ? output : storage.open().localPath(last.output()));
            } else {
                spec.commandLine().getErr().println("vidfleet: job " + jobId + " " + last.state()
                        + (last.reason() == null ? "" : ": " + last.reason()));
            }
            spec.commandLine().getOut().flush();
        }
        return "done".equals(last.state()) ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
