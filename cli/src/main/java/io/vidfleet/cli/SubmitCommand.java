package io.vidfleet.cli;

import io.vidfleet.common.jobs.JobRecord;
import io.vidfleet.common.jobs.JobState;
import io.vidfleet.common.storage.SharedDirectoryStorage;
import io.vidfleet.common.store.JobStore;
import io.vidfleet.coordinator.JobSubmitter;
import io.vidfleet.coordinator.SubmittedJob;
import io.vidfleet.common.error.BadInputException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "submit", mixinStandardHelpOptions = true,
        description = "Probe INPUT, plan its chunks and put them on the queue; prints the job id. "
                + "With --wait, follows the job (through Redis restarts) and prints the output path (exit 0), the reason "
                + "it failed (exit 1), or that --timeout-seconds passed first (exit 3; the job goes on).",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:done (or submitted, without --wait)", "1:the job failed or was cancelled, or an error",
                "2:bad usage or input", "3:--timeout-seconds passed before the job ended"})
final class SubmitCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "INPUT", description = "the video to transcode")
    Path input;

    @Option(names = "--wait", description = "wait for the job to end, showing progress")
    boolean await;

    @Option(names = "--timeout-seconds", paramLabel = "S", defaultValue = "0",
            description = "with --wait: give up waiting after this long (exit 3; the job goes on); 0: no limit (default)")
    long timeoutSeconds;

    @Mixin
    RedisOption redis;

    @Mixin
    StorageOption storageOption;

    @Mixin
    JobOptions job;

    @Mixin
    OutputRootOption outputRoot;

    @Mixin
    EvictionOption eviction;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (timeoutSeconds < 0) {
            throw new BadInputException("--timeout-seconds must be 0 (no limit) or more, got " + timeoutSeconds);
        }
        var request = job.request(input);
        JobStore store = eviction.checked(redis.open());
        SharedDirectoryStorage storage = storageOption.open();
        SubmittedJob submitted = new JobSubmitter(store, storage,
                outputRoot.policy(storage.root(), OutputRootOption.anywhereFromEnvironment())).submit(request);
        var out = spec.commandLine().getOut();
        out.println(submitted.jobId());
        out.flush();
        if (submitted.existing()) {
            spec.commandLine().getErr().println("job " + submitted.jobId() + " already exists for this idempotency key");
        }
        if (!await) {
            return ExitCodes.OK;
        }
        Optional<JobRecord> ended = new JobWaiter(store, spec.commandLine().getErr())
                .await(submitted.jobId(), Duration.ofSeconds(timeoutSeconds));
        if (ended.isEmpty()) {
            spec.commandLine().getErr().println("vidfleet: job " + submitted.jobId() + " did not end within "
                    + timeoutSeconds + " s; it goes on (see vidfleet status " + submitted.jobId() + ")");
            return ExitCodes.TIMEOUT;
        }
        JobRecord finished = ended.get();
        if (finished.state() == JobState.DONE) {
            Path output = Path.of(finished.output());
            out.println(output.isAbsolute() ? output : storage.localPath(finished.output()));
        } else {
            spec.commandLine().getErr().println("vidfleet: job " + finished.id() + " " + finished.state().wire()
                    + (finished.reason() == null ? "" : ": " + finished.reason()));
        }
        return JobWaiter.exitCode(finished);
    }
}
