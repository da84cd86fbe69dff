package io.vidfleet.cli;

import io.vidfleet.common.error.BadInputException;
import io.vidfleet.common.jobs.JobRecord;
import io.vidfleet.common.jobs.JobState;
import io.vidfleet.common.storage.ChunkStorage;
import io.vidfleet.common.storage.S3Location;
import io.vidfleet.common.store.JobStore;
import io.vidfleet.coordinator.JobSubmitter;
import io.vidfleet.coordinator.SubmitRequest;
import io.vidfleet.coordinator.SubmittedJob;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
                + "INPUT is a local file (copied into the storage, with progress) or, with S3 storage, an s3:// object "
                + "used in place. With --wait, follows the job (through Redis restarts) and prints the output (exit 0), the "
                + "reason it failed (exit 1), or that --timeout-seconds passed first (exit 3; the job goes on); with S3 "
                + "storage and a local --output FILE, downloads the output there.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:done (or submitted, without --wait)", "1:the job failed or was cancelled, or an error",
                "2:bad usage or input", "3:--timeout-seconds passed before the job ended"})
final class SubmitCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "INPUT", description = "the video to transcode: a local file or s3://BUCKET/KEY")
    String input;

    @Option(names = "--wait", description = "wait for the job to end, showing progress")
    boolean await;

    @Option(names = "--json", description = "with --wait: one JSON object per change on stdout (the last one holds the "
            + "output), instead of the job id, the progress bar and the output path")
    boolean json;

    @Option(names = "--timeout-seconds", paramLabel = "S", defaultValue = "0",
            description = "with --wait: give up waiting after this long (exit 3; the job goes on); 0: no limit (default)", converter = OptionRanges.WaitSeconds.class)
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

    @Mixin
    NotifyOptions notify;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (timeoutSeconds < 0) {
            throw new BadInputException("--timeout-seconds must be 0 (no limit) or more, got " + timeoutSeconds);
        }
        if (json && !await) {
            throw new BadInputException("--json goes with --wait");
        }
        boolean storedInput = S3Location.isS3(input);
        if ((storedInput || job.outputInS3()) && !storageOption.isS3()) {
            throw new BadInputException("an s3:// input or output needs S3 storage (--storage s3://BUCKET[/PREFIX])");
        }
        SubmitRequest request = job.request(storedInput ? null : Path.of(input));
        var webhooks = notify.request();
        ChunkStorage storage = storageOption.open();
        boolean download = job.localOutput() != null && !storage.sharesLocalFiles();
        if (download && !await) {
            throw new BadInputException("--output FILE with S3 storage needs --wait (the output is downloaded when the job "
                    + "is done), or give an s3:// output");
        }
        if (storedInput) {
            request = request.withStoredInput(input);
        }
        if (job.outputInS3()) {
            request = request.withOutputKey(storage.keyOf(job.output));
        }
        JobStore store = eviction.checked(redis.open());
        var err = spec.commandLine().getErr();
        boolean uploads = !storedInput && !storage.sharesLocalFiles();
        var outputs = outputRoot.policy(JobSubmitter.storageRoot(storage), OutputRootOption.anywhereFromEnvironment());
        SubmittedJob submitted = new JobSubmitter(store, storage, outputs).submit(request,
                uploads ? new ProgressLine(err, "uploading " + Path.of(input).getFileName()) : (done, total) -> { }, webhooks);
        var out = spec.commandLine().getOut();
        if (!json) {
            out.println(submitted.jobId());
            out.flush();
        }
        if (submitted.existing()) {
            err.println("job " + submitted.jobId() + " already exists for this idempotency key");
        }
        if (!await) {
            return ExitCodes.OK;
        }
        ProgressDisplay display = json ? new ProgressDisplay.JsonLines(out) : ProgressDisplay.forHumans(err);
        Optional<JobRecord> ended = new JobWaiter(store, err, display)
                .await(submitted.jobId(), Duration.ofSeconds(timeoutSeconds));
        if (ended.isEmpty()) {
            err.println("vidfleet: job " + submitted.jobId() + " did not end within "
                    + timeoutSeconds + " s; it goes on (see vidfleet status " + submitted.jobId() + ")");
            return ExitCodes.TIMEOUT;
        }
        JobRecord finished = ended.get();
        if (finished.state() == JobState.DONE) {
            Object where = download ? fetch(storage, finished, job.localOutput()) : location(storage, finished.output());
            if (!json) {
                out.println(where); // with --json the last object holds it
            }
        } else {
            err.println("vidfleet: job " + finished.id() + " " + finished.state().wire()
                    + (finished.reason() == null ? "" : ": " + finished.reason()));
        }
        return JobWaiter.exitCode(finished);
    }

    private static String location(ChunkStorage storage, String output) {
        return Path.of(output).isAbsolute() || S3Location.isS3(output) ? output : storage.location(output);
    }

    /** Downloads the finished output next to FILE, then renames it into place: no partial file at FILE. */
    private Path fetch(ChunkStorage storage, JobRecord finished, Path file) {
        String key = storage.keyOf(location(storage, finished.output()));
        Path target = file.toAbsolutePath();
        Path partial = target.resolveSibling(".partial-" + finished.id() + "-" + target.getFileName());
        try {
            storage.download(key, partial, new ProgressLine(spec.commandLine().getErr(), "downloading " + target.getFileName()));
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        } finally {
            partial.toFile().delete();
        }
    }
}
