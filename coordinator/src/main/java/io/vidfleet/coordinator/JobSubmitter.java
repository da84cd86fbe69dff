package io.vidfleet.coordinator;

import io.vidfleet.common.ProcessIds;
import io.vidfleet.common.error.BadInputException;
import io.vidfleet.common.jobs.SourceSummary;
import io.vidfleet.common.jobs.TaskSpec;
import io.vidfleet.common.media.Ffmpeg;
import io.vidfleet.common.media.MediaInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.vidfleet.common.plan.ChunkPlan;
import io.vidfleet.common.plan.ChunkPlanner;
import io.vidfleet.common.plan.KeyframeSeek;
import io.vidfleet.common.store.ClusterStatus;
import io.vidfleet.common.plan.ChunkSpec;
import io.vidfleet.common.profile.Profile;
import io.vidfleet.common.profile.Profiles;
import io.vidfleet.common.storage.ChunkStorage;
import io.vidfleet.common.storage.MissingKeyException;
import io.vidfleet.common.storage.TransferProgress;
import io.vidfleet.common.store.JobDraft;
import io.vidfleet.common.store.JobStore;
import io.vidfleet.common.webhook.JobWebhooks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import io.vidfleet.common.error.VidfleetException;
import io.vidfleet.common.store.IdempotencyRecord;
import java.util.Optional;

/**
 * Turns a file into a job: checks everything a user can get wrong before anything is written (so a
 * bad input leaves no key and no file), probes and plans the chunks, puts the input into storage and
 * creates the job with its tasks. A failure half way removes what was written.
 */
public final class JobSubmitter {
    /** How long an idempotency key names its job. */
    public static final Duration IDEMPOTENCY_TTL = Duration.ofHours(24);
    /** How long a key stays reserved by a submit that is creating its job (it is freed sooner if that submit fails). */
    static final Duration PENDING_TTL = Duration.ofMinutes(30);
    /** How long a second submit with the same key waits for the first to create the job. */
    private static final Duration PENDING_WAIT = Duration.ofMinutes(5);
    private static final Logger log = LoggerFactory.getLogger(JobSubmitter.class);
    private final JobStore store;
    private final ChunkStorage storage;
    private final InputProbe inputs;
    private final OutputPolicy outputs;
    private final JobLimits limits;
    /** Chunks that run at once, for the plan's tail; 0: the slots of the live workers serving the job's queue. */
    private int parallelism;
    private boolean fixedPool;
    private InputProbe.Ahead ahead;

    /** Outputs confined to the storage directory. */
    public JobSubmitter(JobStore store, ChunkStorage storage) {
        this(store, storage, OutputPolicy.under(storageRoot(storage), null));
    }

    public JobSubmitter(JobStore store, ChunkStorage storage, OutputPolicy outputs) {
        this(store, storage, outputs, JobLimits.fromEnvironment(System.getenv()));
    }

    public JobSubmitter(JobStore store, ChunkStorage storage, OutputPolicy outputs, JobLimits limits) {
        this.store = store;
        this.storage = storage;
        this.inputs = new InputProbe(Ffmpeg.get(), limits);
        this.outputs = outputs;
        this.limits = limits;
    }

    /** Plans for {@code slots} chunks at once (a local cluster knows its workers before they have announced themselves). */
    public JobSubmitter withParallelism(int slots) {
        this.parallelism = slots;
        return this;
    }

    /**
     * Plans for a pool of {@code slots} that will not grow: each slot's share of the source in turn
     * ({@link ChunkPlanner#forFixedPool}), for a request whose chunk length is the default, not the user's.
     */
    public JobSubmitter withFixedPool(int slots) {
        this.parallelism = slots;
        this.fixedPool = true;
        return this;
    }

    /** Takes the probe of {@code ahead}'s input from it instead of probing again ({@code local} starts it early). */
    public JobSubmitter withProbeAhead(InputProbe.Ahead ahead) {
        this.ahead = ahead;
        return this;
    }

    /** The directory of a shared-directory storage; null for a storage with no directory of its own. */
    public static java.nio.file.Path storageRoot(ChunkStorage storage) {
        return storage instanceof io.vidfleet.common.storage.SharedDirectoryStorage shared ? shared.root() : null;
    }

    public SubmittedJob submit(SubmitRequest request) {
        return submit(request, TransferProgress.NONE);
    }

    /** Submits; {@code upload} hears how far the copy of a local input into the storage has come. */
    public SubmittedJob submit(SubmitRequest request, TransferProgress upload) {
        return submit(request, upload, JobWebhooks.Request.none());
    }

    /** Submits with completion webhooks ({@code submit --notify-url}); they were validated when parsed. */
    public SubmittedJob submit(SubmitRequest request, JobWebhooks.Request webhooks) {
        return submit(request, TransferProgress.NONE, webhooks);
    }

    public SubmittedJob submit(SubmitRequest request, TransferProgress upload, JobWebhooks.Request webhooks) {
        Profile profile = Profiles.named(request.profile());
        if (request.output() != null) {
            checkOutput(request.input(), request.output(), request.overwrite());
        }
        if (request.outputKey() != null) {
            OutputFormat.of(Path.of(request.outputKey()));
            OutputPolicy.checkKey(request.outputKey());
        }
        if (request.maxAttempts() < 1) {
            throw new BadInputException("max attempts must be at least 1");
        }
        String fingerprint = request.idempotencyKey() == null ? null : RequestFingerprint.of(request);
        if (request.idempotencyKey() != null) {
            Optional<SubmittedJob> existing = existingFor(request.idempotencyKey(), fingerprint);
            if (existing.isPresent()) {
                return existing.get();
            }
        }
        if (request.storedInput() != null) {
            return submitStored(request, profile, webhooks);
        }
        Duration taskTime = limits.taskTime(request.taskTimeout());
        InputProbe.ProbedInput probed = ahead != null && ahead.input().equals(request.input())
                ? ahead.join() : inputs.probe(request.input());
        MediaInfo media = probed.media();
        ChunkPlan plan = plan(request, profile, media);
        limits.checkTasks(plan.chunks().size() + (media.hasAudio() ? 1 : 0));
        long planned = System.currentTimeMillis();
        SubmittedJob submitted = create(request.withTaskTimeout(taskTime), profile, media, plan,
                storage.keyOf(request.input().toString()), upload, webhooks);
        logPhases(submitted.jobId(), probed.startedAt(), probed.probedAt(), planned);
        return submitted;
    }

    private ChunkPlan plan(SubmitRequest request, Profile profile, MediaInfo media) {
        int slots = parallelism > 0 ? parallelism : new ClusterStatus(store).liveSlots(profile.queue());
        ChunkPlanner planner = fixedPool ? ChunkPlanner.forFixedPool(request.chunkLength(), slots, profile.decodeShare())
                : new ChunkPlanner(request.chunkLength(), slots);
        return media.timing().decodeOrder()
                ? planner.planDecodeOrder(media.frameCount(), media.timing().frameRate())
                : planner.plan(media.frames(), media.startSeconds(), KeyframeSeek.forFormat(media.formatName()));
    }

    /** The submit's own phases in the job's log, for `vidfleet bench` and anyone asking where time went. */
    private void logPhases(String jobId, long probeStarted, long probed, long planned) {
        try {
            store.logEvent(jobId, "probed", probed, java.util.Map.of("startedAt", Long.toString(probeStarted)));
            store.logEvent(jobId, "planned", planned, java.util.Map.of());
        } catch (RuntimeException ignored) {
            // the job exists and runs; only its timing record is incomplete
        }
    }

    /**
     * An input already in the storage ({@code s3://...}) is used in place: workers read it where it is.
     * Probing needs the whole packet list, so a private copy is streamed to a temporary file for ffprobe.
     */
    private SubmittedJob submitStored(SubmitRequest request, Profile profile, JobWebhooks.Request webhooks) {
        String key = storage.keyOf(request.storedInput());
        if (key == null) {
            throw new BadInputException("input " + request.storedInput() + " is not in the storage " + storage.describe());
        }
        String name = sourceName(request);
        Path probeCopy = null;
        try {
            probeCopy = Files.createTempFile("vidfleet-probe-", ChunkStorage.extension(name));
            storage.download(key, probeCopy, TransferProgress.NONE);
            MediaInfo media = inputs.probeCopy(probeCopy);
            ChunkPlan plan = plan(request, profile, media);
            return create(request, profile, media, plan, key, TransferProgress.NONE, webhooks);
        } catch (MissingKeyException e) {
            throw new BadInputException("input not found: " + request.storedInput());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (probeCopy != null) {
                probeCopy.toFile().delete();
            }
        }
    }

    private SubmittedJob create(SubmitRequest request, Profile profile, MediaInfo media, ChunkPlan plan,
                                String storedKey, TransferProgress upload, JobWebhooks.Request webhooks) {
        String jobId = ProcessIds.newJobId();
        String key = request.idempotencyKey();
        String fingerprint = key == null ? null : RequestFingerprint.of(request);
        IdempotencyRecord reserved = key == null ? null : IdempotencyRecord.pending(jobId, fingerprint);
        while (key != null && !store.reserveIdempotency(key, reserved, PENDING_TTL)) {
            Optional<SubmittedJob> existing = existingFor(key, fingerprint);
            if (existing.isPresent()) {
                return existing.get(); // a concurrent submit with the same key made the job
            }
        }
        store.creationStarted(jobId, key, System.currentTimeMillis()); // from here a submit that dies is cleaned up by the coordinators' reconciliation
        String output = outputOf(request, jobId);
        String inputKey = storedKey;
        boolean imported = inputKey == null;
        try {
            if (imported) {
                inputKey = storage.importInput(jobId, request.input(), upload);
            }
            List<TaskSpec> tasks = new ArrayList<>();
            if (media.hasAudio()) {
                tasks.add(TaskSpec.audio(media.audio().index(), media.timing().decodeOrder()));
            }
            for (ChunkSpec chunk : plan.chunks()) {
                tasks.add(TaskSpec.video(chunk));
            }
            // before the job exists, so that no coordinator can see it end without its webhooks
            new JobWebhooks(store.redis(), store.keys()).save(jobId, webhooks);
            Duration lease = request.lease() != null ? request.lease() : profile.lease();
            JobDraft draft = new JobDraft(jobId, inputKey, imported, output, profile.name(), profile.queue(),
                    request.priority(), request.delivery(), lease, request.maxAttempts(), request.chunkLength(),
                    SourceSummary.of(sourceName(request), media), tasks, request.idempotencyKey(),
                    request.overwrite(), request.taskTimeout());
            limits.checkSpecBytes(JobStore.recordBytes(draft));
            store.create(draft);
            for (String note : media.notes()) {
                log.info("job {}: {}", jobId, note);
                store.addNote(jobId, note);
            }
            if (key != null) {
                store.idempotencyCreated(key, reserved.created(), IDEMPOTENCY_TTL);
            }
        } catch (RuntimeException e) {
            storage.deleteJob(jobId);
            store.deleteJob(jobId, profile.queue(), request.priority());
            if (key != null) {
                store.releaseIdempotency(key, reserved);
            }
            store.creationEnded(jobId, key);
            throw e;
        }
        store.creationEnded(jobId, key);
        return new SubmittedJob(jobId, false, plan.chunks().size(), plan.totalFrames(), plan.midGopCuts(), output);
    }

    /**
     * The job an idempotency key already names, waiting while another submit is still creating it; empty
     * when the key is free. A key used for a different request is refused.
     */
    private Optional<SubmittedJob> existingFor(String key, String fingerprint) {
        long deadline = System.nanoTime() + PENDING_WAIT.toNanos();
        while (true) {
            IdempotencyRecord record = store.idempotency(key);
            if (record == null) {
                return Optional.empty();
            }
            if (!record.fingerprint().isEmpty() && !record.fingerprint().equals(fingerprint)) {
                throw new BadInputException("idempotency key '" + key + "' was used for a different request (job "
                        + record.jobId() + "); use another key");
            }
            if (!record.pending()) {
                return Optional.of(existingJob(record.jobId()));
            }
            if (System.nanoTime() > deadline) {
                throw new VidfleetException("idempotency key '" + key + "': job " + record.jobId()
                        + " is still being created by another submit; try again later");
            }
            sleep(Duration.ofMillis(200));
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VidfleetException("interrupted while waiting for another submit");
        }
    }

    /**
     * An output key given in place; else an absolute path the coordinator writes when all nodes share files;
     * else a key in the storage ({@code outputs/JOB.EXT}) that the submitter downloads.
     */
    private String outputOf(SubmitRequest request, String jobId) {
        if (request.outputKey() != null) {
            return request.outputKey();
        }
        if (request.output() != null && storage.sharesLocalFiles()) {
            return request.output().toAbsolutePath().toString();
        }
        String extension = request.output() == null ? ".mp4" : ChunkStorage.extension(request.output().getFileName().toString());
        return ChunkStorage.outputKey(jobId, extension);
    }

    private static String sourceName(SubmitRequest request) {
        return request.input() != null ? request.input().getFileName().toString()
                : request.storedInput().substring(request.storedInput().lastIndexOf('/') + 1);
    }

    private SubmittedJob existingJob(String jobId) {
        var job = store.get(jobId);
        int frames = job.source() == null ? 0 : job.source().frames();
        return new SubmittedJob(jobId, true, job.tasksTotal(), frames, 0, job.output());
    }

    private void checkOutput(Path input, Path output, boolean overwrite) {
        OutputFormat.of(output);
        Path absolute = output.toAbsolutePath().normalize();
        if (storage.sharesLocalFiles()) { // else the submitter downloads it, with its own rights
            outputs.checkAbsolute(absolute);
        }
        if (input != null && absolute.equals(input.toAbsolutePath().normalize())) {
            throw new BadInputException("output would overwrite the input: " + output);
        }
        Path parent = absolute.getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new BadInputException("output directory does not exist: " + parent);
        }
        if (Files.isDirectory(absolute)) {
            throw new BadInputException("output is a directory: " + output);
        }
        if (Files.exists(absolute) && !overwrite) {
            throw new BadInputException("output exists: " + output + " (pass --overwrite to replace it)");
        }
    }
}
