package io.vidfleet.cli;

import io.vidfleet.common.store.JobStore;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "cancel", mixinStandardHelpOptions = true,
        description = "Cancel a job: its pending tasks are dropped, running ones are stopped within one lease renewal, "
                + "and a coordinator deletes its intermediate files.")
final class CancelCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "JOB")
    String jobId;

    @Mixin
    RedisOption redis;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        JobStore store = redis.open();
        if (store.cancel(jobId, "cancelled by user")) {
            store.signalCoordinators(jobId); // a coordinator cleans up at once
            spec.commandLine().getOut().println(jobId + " cancelled");
            return ExitCodes.OK;
        }
        spec.commandLine().getErr().println("vidfleet: job " + jobId + " already ended: " + store.get(jobId).state().wire());
        return ExitCodes.USAGE;
    }
}
