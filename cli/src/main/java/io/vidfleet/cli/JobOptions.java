package io.vidfleet.cli;

import io.vidfleet.coordinator.SubmitOptions;
import io.vidfleet.coordinator.SubmitRequest;
import io.vidfleet.common.storage.S3Location;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options that describe a job, shared by {@code submit} and {@code local}. */
final class JobOptions {
    @Option(names = "--profile", paramLabel = "P", defaultValue = SubmitOptions.DEFAULT_PROFILE,
            description = "encoding profile: h264-720p, h264-1080p, hevc-720p, av1-720p; on NVIDIA GPUs h264-nvenc-720p, "
                    + "hevc-nvenc-720p, av1-nvenc-720p (default: ${DEFAULT-VALUE})")
    String profile;

    @Option(names = "--chunk-seconds", paramLabel = "S", converter = OptionRanges.ChunkSeconds.class,
            description = "target chunk length in seconds; cuts go on keyframes near it (default: "
                    + SubmitOptions.DEFAULT_CHUNK_SECONDS + "; `local`: each worker's share of the video, up to 120)")
    Double chunkSeconds;

    @Option(names = "--output", paramLabel = "FILE",
            description = "where the result goes (.mp4, .mov, .mkv): a local file, or an s3:// object written in place "
                    + "(default: outputs/JOB.mp4 in the storage); with S3 storage a local file is downloaded by --wait")
    String output;

    @Option(names = "--task-timeout", paramLabel = "S", converter = OptionRanges.TaskSeconds.class,
            description = "kill one attempt of a task after this many seconds (default: 7200; at most VIDFLEET_MAX_TASK_SECONDS)")
    Long taskTimeoutSeconds;

    @Option(names = "--overwrite", description = "replace the output file if it exists (default: refuse)")
    boolean overwrite;

    @Option(names = "--priority", paramLabel = "P", defaultValue = SubmitOptions.DEFAULT_PRIORITY,
            description = "high, normal or low (default: ${DEFAULT-VALUE})")
    String priority;

    @Option(names = "--delivery", paramLabel = "MODE", defaultValue = SubmitOptions.DEFAULT_DELIVERY,
            description = "at-least-once (redeliver a task whose worker vanished) or at-most-once (fail the job instead)")
    String delivery;

    @Option(names = "--lease-seconds", paramLabel = "S", converter = OptionRanges.LeaseSeconds.class,
            description = "visibility timeout of a claimed task; workers renew it every third (default: the profile's, 60)")
    Double leaseSeconds;

    @Option(names = "--max-attempts", paramLabel = "N", defaultValue = SubmitOptions.DEFAULT_MAX_ATTEMPTS, converter = OptionRanges.Attempts.class,
            description = "attempts per task before it is dead-lettered (default: ${DEFAULT-VALUE})")
    int maxAttempts;

    @Option(names = "--idempotency-key", paramLabel = "K",
            description = "submitting again with the same key returns the first job instead of a new one")
    String idempotencyKey;

    /** Checked by {@link SubmitOptions}, the same checks as the HTTP API's. */
    SubmitRequest request(Path input) {
        double seconds = chunkSeconds != null ? chunkSeconds : Double.parseDouble(SubmitOptions.DEFAULT_CHUNK_SECONDS);
        return new SubmitOptions(profile, seconds, localOutput(), priority, delivery, leaseSeconds, maxAttempts,
                idempotencyKey, overwrite, taskTimeoutSeconds).toRequest(input);
    }

    /** True when the user chose the chunk length; otherwise a fixed pool may lengthen the default. */
    boolean chunkLengthGiven() {
        return chunkSeconds != null;
    }

    /** The output as a local file, or null (none given, or an s3:// object). */
    Path localOutput() {
        return output == null || S3Location.isS3(output) ? null : Path.of(output);
    }

    boolean outputInS3() {
        return S3Location.isS3(output);
    }
}
