package io.vidfleet.cli;

import io.vidfleet.common.store.JobStore;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "requeue", mixinStandardHelpOptions = true,
        description = "Send a failed job's dead-lettered (and unfinished) tasks back to the queue with fresh attempt "
                + "counts; its finished chunks are kept. Fix the cause first.")
final class RequeueCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "JOB")
    String jobId;

    @Mixin
    RedisOption redis;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        JobStore store = redis.open();
        int requeued = store.requeue(jobId);
        spec.commandLine().getOut().println(jobId + ": " + requeued + " task(s) requeued"
                + (requeued == 0 ? ", stitching again" : ""));
        return ExitCodes.OK;
    }
}
