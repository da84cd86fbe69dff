package io.vidfleet.coordinator;

import io.vidfleet.common.HealthFile;
import io.vidfleet.common.ProcessIds;
import io.vidfleet.common.error.InvalidRecordException;
import io.vidfleet.common.error.MediaException;
import io.vidfleet.common.jobs.JobRecord;
import io.vidfleet.common.jobs.JobState;
import io.vidfleet.common.media.Ffmpeg;
import io.vidfleet.common.metrics.VidfleetMetrics;
import io.vidfleet.common.jobs.TaskKind;
import io.vidfleet.common.jobs.TaskRecord;
import io.vidfleet.common.jobs.TaskState;
import io.vidfleet.common.queue.Coarsener;
import io.vidfleet.common.queue.Reaper;
import io.vidfleet.common.redis.ReconnectBackoff;
import io.vidfleet.common.queue.TaskQueue;
import io.vidfleet.common.storage.ChunkStorage;
import io.vidfleet.common.storage.StorageMarker;
import io.vidfleet.common.store.JobStore;
import io.vidfleet.coordinator.webhook.WebhookDispatcher;
import io.vidfleet.coordinator.webhook.WebhookSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stateless coordinator: wakes on a stitch signal (or every {@code poll}), stitches every job whose
 * tasks are all done under a stitch lease (so two coordinators stitch once), and finishes jobs that
 * ended: one final event, intermediates deleted, indexes cleared. All it knows is in Redis, so a
 * coordinator restarted at any point carries on where the last one stopped.
 */
public final class Coordinator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Coordinator.class);
    /** Stitches of one job that may fail (I/O error, crash) before the job fails with the last error. */
    static final int MAX_STITCH_ATTEMPTS = 3;
    /** How long a coordinator may take to publish a job's final event before another may (it died). */
    private static final Duration FINAL_EVENT_CLAIM = Duration.ofSeconds(10);

    private final String id = ProcessIds.forProcess("coordinator");
    private final JobStore store;
    private final ChunkStorage storage;
    private final CoordinatorSettings settings;
    private final Stitcher stitcher;
    private final Reaper reaper;
    private final VidfleetMetrics metrics;
    private final WebhookDispatcher webhooks;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "stitch-lease");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean running;
    private Thread loop;

    private final OutputPolicy outputs;
    private final JobPurger purger;
    private long lastPurge;

    /** Outputs confined to the storage directory. */
    public Coordinator(JobStore store, ChunkStorage storage, CoordinatorSettings settings) {
        this(store, storage, settings, WebhookSettings.defaults(), VidfleetMetrics.create());
    }

    /** Outputs confined to the storage directory. */
    public Coordinator(JobStore store, ChunkStorage storage, CoordinatorSettings settings, WebhookSettings webhookSettings,
                       VidfleetMetrics metrics) {
        this(store, storage, settings, webhookSettings, metrics, OutputPolicy.under(JobSubmitter.storageRoot(storage), null));
    }

    public Coordinator(JobStore store, ChunkStorage storage, CoordinatorSettings settings, OutputPolicy outputs) {
        this(store, storage, settings, WebhookSettings.defaults(), VidfleetMetrics.create(), outputs);
    }

    public Coordinator(JobStore store, ChunkStorage storage, CoordinatorSettings settings, WebhookSettings webhookSettings,
                       VidfleetMetrics metrics, OutputPolicy outputs) {
        this.store = store;
        this.storage = storage;
        this.settings = settings;
        this.outputs = outputs;
        this.purger = new JobPurger(store, storage);
        this.stitcher = new Stitcher(storage, Ffmpeg.get());
        this.metrics = metrics;
        this.reaper = new Reaper(store, new TaskQueue(store.redis(), store.keys()), id, settings.reaperInterval(), metrics);
        this.webhooks = new WebhookDispatcher(store, webhookSettings, metrics, id);
    }

    public VidfleetMetrics metrics() {
        return metrics;
    }

    public String id() {
        return id;
    }

    public void start() {
        String marker = StorageMarker.register(store.redis(), store.keys(), storage);
        log.info("coordinator {}: storage {} registered as {}", id, storage.describe(), marker);
        running = true;
        loop = new Thread(this::loop, "coordinator");
        loop.start();
        webhooks.start();
        log.info("coordinator {} started", id);
    }

    private void loop() {
        ReconnectBackoff backoff = ReconnectBackoff.standard();
        while (running) {
            try {
                store.blocking().blpop(settings.poll().toMillis() / 1000.0, store.keys().stitchSignal());
                reaper.runOnce();
                reconcileEvery(Duration.ofMinutes(1));
                tick();
                purgeEvery(settings.reaperInterval());
                announceEvery(Duration.ofSeconds(10));
                Duration outage = backoff.succeeded();
                if (!outage.isZero()) {
                    log.info("coordinator {}: reconnected to Redis after {} ms", id, outage.toMillis());
                }
            } catch (RuntimeException e) {
                Duration wait = backoff.failed();
                log.warn(ReconnectBackoff.reconnecting("coordinator " + id, e, wait));
                ReconnectBackoff.sleep(wait);
            }
        }
    }

    /** One pass over the active jobs. */
    public void tick() {
        for (String member : store.activeJobIds()) {
            if (!running) {
                return;
            }
            Optional<JobRecord> job;
            try {
                job = store.findMember(member);
            } catch (InvalidRecordException e) {
                store.quarantine(member, e.getMessage()); // one bad record never stops the others
                continue;
            }
            if (job.isEmpty()) {
                store.markInactive(member);
            } else if (job.get().state() == JobState.STITCHING) {
                stitchUnderLease(job.get());
            } else if (job.get().state().terminal()) {
                finish(job.get());
            }
        }
    }

    private void stitchUnderLease(JobRecord job) {
        if (!store.takeStitchLease(job.id(), id, settings.stitchLease())) {
            return; // another coordinator is stitching it
        }
        String output;
        boolean overwrite;
        try {
            output = outputLocation(job);
            overwrite = "1".equals(store.redis().hget(store.keys().job(job.id()), "overwrite"));
            if (!overwrite && Path.of(output).isAbsolute() && java.nio.file.Files.exists(Path.of(output))) {
                throw new io.vidfleet.common.error.BadInputException("output exists: " + output
                        + " (submit with --overwrite to replace it)");
            }
        } catch (io.vidfleet.common.error.BadInputException e) {
            refuseOutput(job, e.getMessage());
            return;
        }
        int attemptNumber = store.beginStitch(job.id());
        if (attemptNumber > MAX_STITCH_ATTEMPTS) {
            String reason = "stitch failed " + (attemptNumber - 1) + " times: " + store.stitchError(job.id());
            if (store.finish(job.id(), id, JobState.FAILED, reason, output)) {
                log.warn("job {}: failed ({})", job.id(), reason);
                finish(store.get(job.id()));
            }
            return;
        }
        StitchAttempt attempt = new StitchAttempt(id + "-" + attemptNumber,
                () -> store.stillStitching(job.id(), id, settings.stitchLease()));
        long period = Math.max(100, settings.stitchLease().toMillis() / 3);
        ScheduledFuture<?> renewal = scheduler.scheduleWithFixedDelay(
                () -> renewQuietly(job.id(), attempt), period, period, TimeUnit.MILLISECONDS);
        try {
            log.info("job {}: stitching {} task results into {} (attempt {})", job.id(), job.tasksTotal(), output, attemptNumber);
            Optional<OutputVerifier.Problem> problem;
            long started = System.nanoTime();
            List<TaskRecord> tasks = store.tasks(job.id());
            try {
                logQuietly(job.id(), "stitch-started");
                problem = stitcher.stitch(job, tasks, outputTarget(job), overwrite,
                        () -> logQuietly(job.id(), "stitched"), attempt);
                logQuietly(job.id(), "verified");
            } catch (MediaException e) {
                problem = Optional.of(new OutputVerifier.Problem(e.getMessage(), false, -1));
            }
            if (problem.isPresent() && problem.get().video() && coarsened(job, tasks, problem.get())) {
                return; // the job runs again with a coarser plan; its next stitch is verified afresh
            }
            JobState outcome = problem.isPresent() ? JobState.FAILED : JobState.DONE;
            metrics.stitched(Duration.ofNanos(System.nanoTime() - started), outcome.wire());
            String reason = problem.map(p -> "verification failed: " + p.text()).orElse(null);
            if (store.finish(job.id(), id, outcome, reason, output)) {
                log.info("job {}: {}{}", job.id(), outcome.wire(), reason == null ? "" : " (" + reason + ")");
                finish(store.get(job.id()));
            } else if (outcome == JobState.DONE) {
                unpublish(job); // cancelled between the last check and the rename
            }
        } catch (StitchAttempt.Aborted e) {
            log.warn("job {}: stitch attempt {} stopped: {}; its output is not published", job.id(), attemptNumber, e.getMessage());
        } catch (RuntimeException e) {
            // an I/O error, storage trouble, Redis gone: this attempt failed, a later one (here or elsewhere) tries again
            log.warn("job {}: stitch attempt {} of {} failed: {}", job.id(), attemptNumber, MAX_STITCH_ATTEMPTS, e.toString());
            store.stitchFailed(job.id(), id, e.toString());
        } finally {
            renewal.cancel(false);
        }
    }

    /**
     * A stitched output whose frames or joins are off: the chunks around the bad join (none in particular:
     * the whole video) are replaced by a coarser task (Coarsening); false when nothing coarser is left.
     */
    private boolean coarsened(JobRecord job, List<TaskRecord> tasks, OutputVerifier.Problem problem) {
        List<String> video = tasks.stream().filter(t -> t.spec().kind() == TaskKind.VIDEO && t.state() != TaskState.MERGED)
                .sorted(java.util.Comparator.comparingInt(t -> t.spec().chunk().index())).map(t -> t.spec().id()).toList();
        Set<String> offending = problem.joinBefore() > 0 && problem.joinBefore() < video.size()
                ? Set.of(video.get(problem.joinBefore() - 1), video.get(problem.joinBefore())) : Set.of();
        Coarsener.Outcome outcome = new Coarsener(store).coarsen(job.id(), Coarsener.Caller.stitch(id), offending,
                "the stitched output could not be verified: " + problem.text());
        if (outcome.result() == Coarsener.Result.COARSENED) {
            log.warn("job {}: running again with a coarser plan: {}", job.id(), outcome.note());
            return true;
        }
        return false;
    }

    private void unpublish(JobRecord job) {
        JobState state = store.find(job.id()).map(JobRecord::state).orElse(JobState.CANCELLED);
        if (state != JobState.CANCELLED) {
            return;
        }
        try {
            if (Path.of(job.output()).isAbsolute()) {
                java.nio.file.Files.deleteIfExists(Path.of(job.output()));
            } else {
                storage.delete(job.output());
            }
            log.warn("job {}: cancelled while its output was being published; output removed", job.id());
        } catch (java.io.IOException | RuntimeException e) {
            log.warn("job {}: cancelled, but its output could not be removed: {}", job.id(), e.getMessage());
        }
    }

    /** The record names an output this coordinator must not write: the job fails with the reason, nothing is written. */
    private void refuseOutput(JobRecord job, String reason) {
        log.warn("job {}: output refused: {}", job.id(), reason);
        if (store.finish(job.id(), id, JobState.FAILED, "output refused: " + reason, job.output())) {
            finish(store.get(job.id()));
        }
    }

    /** Publishes the final event once, deletes the job's intermediates and takes it off the indexes. */
    private void finish(JobRecord job) {
        String output = job.state() == JobState.DONE ? outputLocation(job) : null;
        webhooks.enqueue(job, output); // idempotent: a crash before markInactive enqueues the same deliveries again
        if (!publishFinalEventOnce(job, output)) {
            return; // another coordinator is finishing it; if it died doing so, a pass after its claim ran out will
        }
        if (job.state() != JobState.FAILED) {
            storage.deleteJob(job.id()); // a failed job keeps its finished chunks for `vidfleet requeue`
        }
        if (job.state() == JobState.CANCELLED) {
            store.redis().del(store.keys().progress(job.id())); // cancel keeps only the job's hash (and webhooks)
        }
        store.unindex(job.id(), job.queue(), job.priority());
        long ended = job.finishedAt() != null ? job.finishedAt().toEpochMilli() : System.currentTimeMillis();
        purger.schedule(job.id(), job.state(), ended, settings.retention());
        store.markInactive(job.id());
    }

    /**
     * Publishes the job's final event unless it went out already (a failure leaves the job for the next pass);
     * false when another coordinator holds the claim to publish it. The claim is taken before the second look,
     * so two coordinators that both saw the event unsent cannot both send it.
     */
    private boolean publishFinalEventOnce(JobRecord job, String output) {
        if (store.finalEventPublished(job.id())) {
            return true;
        }
        if (!store.claimFinalEvent(job.id(), id, FINAL_EVENT_CLAIM)) {
            return false;
        }
        try {
            if (!store.finalEventPublished(job.id())) {
                store.publishFinalEvent(job, output);
            }
        } finally {
            store.releaseFinalEvent(job.id(), id);
        }
        return true;
    }

    /** Purges ended jobs whose retention ran out, at most once per {@code period}. */
    private void purgeEvery(Duration period) {
        long now = System.currentTimeMillis();
        if (now - lastPurge >= period.toMillis()) {
            lastPurge = now;
            purger.purgeDue(now);
        }
    }

    /**
     * Where the job's output is: the absolute path submitted, or its key's location in the storage (a path
     * or s3:// URI). The record is untrusted: an absolute path must pass the output policy and a key must
     * be a file under {@code outputs/} ({@link io.vidfleet.common.error.BadInputException} otherwise).
     */
    public String outputLocation(JobRecord job) {
        String target = outputTarget(job);
        return Path.of(target).isAbsolute() ? target : storage.location(target);
    }

    /** What the stitcher writes to: the checked absolute path, or the checked key. */
    private String outputTarget(JobRecord job) {
        Path output = Path.of(job.output());
        if (output.isAbsolute()) {
            outputs.checkAbsolute(output);
            return output.normalize().toString();
        }
        OutputPolicy.checkKey(job.output());
        return job.output();
    }

    /** The job's output as a local file (the shared-directory storage, or an absolute output path). */
    public Path outputPath(JobRecord job) {
        return Path.of(outputLocation(job));
    }

    /** Stitch and verify phases in the job's log (timing only: a failure to write them changes nothing). */
    private void logQuietly(String jobId, String event) {
        try {
            store.logEvent(jobId, event, System.currentTimeMillis(), Map.of("coordinator", id));
        } catch (RuntimeException e) {
            log.debug("job {}: {} not logged: {}", jobId, event, e.getMessage());
        }
    }

    /** A lease that another coordinator took, or that a cancel deleted, stops the stitch at once. */
    private void renewQuietly(String jobId, StitchAttempt attempt) {
        try {
            if (!store.renewStitchLease(jobId, id, settings.stitchLease())) {
                log.warn("job {}: stitch lease lost; stopping the stitch", jobId);
                attempt.abort("stitch lease lost");
            } else {
                HealthFile.touch(); // a long stitch keeps the loop from its heartbeat, not from Redis
            }
        } catch (RuntimeException e) {
            log.debug("stitch lease renewal failed: {}", e.getMessage());
        }
    }

    private long lastReconciled = System.nanoTime() - Duration.ofMinutes(1).toNanos();

    private void reconcileEvery(Duration period) {
        if (System.nanoTime() - lastReconciled >= period.toNanos()) {
            lastReconciled = System.nanoTime();
            reconcileHalfCreated();
        }
    }

    /**
     * Finishes what dead submits left half done: a created job gets its indexes (and so runs), a job that
     * was never created loses its partial input copy and frees its idempotency key. Returns the ids handled.
     */
    public List<String> reconcileHalfCreated() {
        List<String> handled = store.reconcileHalfCreated(settings.halfCreatedAfter(), storage::deleteJob);
        handled.forEach(jobId -> log.warn("job {}: its submit died half way; reconciled", jobId));
        return handled;
    }

    private long lastAnnounced = System.nanoTime() - Duration.ofMinutes(1).toNanos();

    private void announceEvery(Duration period) {
        if (System.nanoTime() - lastAnnounced < period.toNanos()) {
            return;
        }
        lastAnnounced = System.nanoTime();
        String key = store.keys().process(id);
        long now = System.currentTimeMillis();
        store.redis().hset(key, Map.of("role", "coordinator", "seen", Long.toString(now), "host", ProcessIds.host(),
                "pid", Long.toString(ProcessHandle.current().pid())));
        store.redis().expire(key, 30);
        HealthFile.touch();
    }

    @Override
    public void close() {
        running = false;
        webhooks.close();
        if (loop != null) {
            try {
                store.redis().lpush(store.keys().stitchSignal(), ""); // wake the loop from its blocking wait
            } catch (RuntimeException ignored) {
                // Redis is gone: the wait ends by itself
            }
            try {
                loop.join(settings.poll().toMillis() + 60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        scheduler.shutdownNow();
        try {
            store.redis().del(store.keys().process(id));
        } catch (RuntimeException ignored) {
            // presence expires by itself
        }
    }

}
