package io.vidfleet.cli;

import io.vidfleet.common.jobs.JobRecord;
import io.vidfleet.common.jobs.JobState;
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
        JobRecord ended = new JobWaiter(store, spec.commandLine().getErr(), display).await(jobId);
        if (!json) {
            if (ended.state() == JobState.DONE) {
                String output = ended.output();
                spec.commandLine().getOut().println(Path.of(output).isAbsolute() || output.startsWith("s3://")
                        ? output : storage.open().location(output));
            } else {
                spec.commandLine().getErr().println("vidfleet: job " + jobId + " " + ended.state().wire()
                        + (ended.reason() == null ? "" : ": " + ended.reason()));
            }
            spec.commandLine().getOut().flush();
        }
        return JobWaiter.exitCode(ended);
    }
}
