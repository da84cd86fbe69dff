package io.vidfleet.worker;

import io.vidfleet.common.error.LeaseLostException;
import io.vidfleet.common.error.MediaException;
import io.vidfleet.common.jobs.TaskKind;
import io.vidfleet.common.jobs.TaskSpec;
import io.vidfleet.common.json.Json;
import io.vidfleet.common.redis.LuaScript;
import io.vidfleet.common.media.Ffmpeg;
import io.vidfleet.common.media.FfmpegErrors;
import io.vidfleet.common.metrics.VidfleetMetrics;
import io.vidfleet.common.media.MediaProbe;
import io.vidfleet.common.media.TimeLimits;
import io.vidfleet.common.plan.ChunkSpec;
import io.vidfleet.common.media.ProcessResult;
import io.vidfleet.common.media.ProcessRunner;
import io.vidfleet.common.profile.Profile;
import io.vidfleet.common.profile.Profiles;
import io.vidfleet.common.queue.ClaimedTask;
import io.vidfleet.common.queue.Coarsener;
import io.vidfleet.common.queue.Coarsening;
import io.vidfleet.common.queue.Completion;
import io.vidfleet.common.queue.RoundTripCompanion;
import io.vidfleet.common.queue.TaskQueue;
import io.vidfleet.common.redis.RedisFailures;
import io.vidfleet.common.storage.ChunkStorage;
import io.vidfleet.common.storage.LoopbackRangeServer;
import io.vidfleet.common.storage.MediaInput;
import io.vidfleet.common.storage.MissingKeyException;
import io.vidfleet.common.store.JobStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one claimed task under its lease: encode into a local scratch file, check the frame count,
 * publish it under this attempt's own key, then report. Nothing is renamed: an accepted completion
 * records the key in Redis and only that key is ever read; a rejected (stale) attempt deletes its
 * key, and a lost lease kills the encode and publishes nothing.
 */
final class TaskRunner {
    private static final Logger log = LoggerFactory.getLogger(TaskRunner.class);
    private static final LuaScript PROGRESS = LuaScript.load("progress");

    private final JobStore store;
    private final TaskQueue queue;
    private final ChunkStorage storage;
    private final Ffmpeg ffmpeg;
    private final EncodeCommands commands;
    private final WorkerSettings settings;
    private final ScheduledExecutorService scheduler;
    private final VidfleetMetrics metrics;
    private final String workerId;

    private volatile RoundTripCompanion readAlongWithCompletion;

    TaskRunner(JobStore store, TaskQueue queue, ChunkStorage storage, Ffmpeg ffmpeg, WorkerSettings settings,
               ScheduledExecutorService scheduler, VidfleetMetrics metrics, String workerId) {
        this.store = store;
        this.queue = queue;
        this.storage = storage;
        this.ffmpeg = ffmpeg;
        this.commands = new EncodeCommands(ffmpeg);
        this.settings = settings;
        this.scheduler = scheduler;
        this.metrics = metrics;
        this.workerId = workerId;
        // an object store: FFmpeg reads the source through a loopback server that fetches bounded ranges
        this.rangeServer = storage.sharesLocalFiles() ? null : new LoopbackRangeServer(storage);
    }

    /** What the slot reads for its next claim in the completion's round trip (null: nothing). */
    void readAlongWithCompletion(RoundTripCompanion reads) {
        this.readAlongWithCompletion = reads;
    }

    private static final Duration NO_TASK_LIMIT = Duration.ofDays(365);
    /** This slot's attempt: its limit ({@code taskTimeoutMs}) and when it runs out. */
    private Duration taskTime = NO_TASK_LIMIT;
    private long taskDeadline = System.nanoTime() + NO_TASK_LIMIT.toNanos(); // no attempt begun: no limit yet
    /** The queue a claimed task came from (its profile's), for metrics. */
    static String queueOf(ClaimedTask task) {
        try {
            return Profiles.named(task.profile()).queue();
        } catch (RuntimeException e) {
            return "unknown";
        }
    }

    private final LoopbackRangeServer rangeServer;

    /** The encode in progress, so that a shutdown can stop it. */
    private final AtomicReference<ProcessRunner> current = new AtomicReference<>();
    private volatile boolean releasing;
    /** A note for the job's user from the encode in progress (a range that decodes to other than planned). */
    private final AtomicReference<String> pendingNote = new AtomicReference<>();

    /** Why the current task was stopped (lease lost, shutdown): no further FFmpeg process starts for it. */
    private volatile String abortReason;

    void abortCurrent(String reason) {
        abortReason = reason;
        ProcessRunner running = current.get();
        if (running != null) {
            running.kill(reason);
        }
    }

    /** The worker is stopping: kill the encode and give the task back to the queue at once, uncounted. */
    void releaseCurrent() {
        releasing = true;
        abortCurrent("worker shutting down");
    }

    /** Returns the task to the queue at once, uncounted, and wakes a worker for it. */
    void giveBack(ClaimedTask task, long heldSinceNanos) {
        boolean released = WhileLeaseHolds.call(task, () -> heldSinceNanos, "release", () -> queue.release(task));
        log.info("{}/{}: {} (worker shutting down)", task.jobId(), task.taskId(), released ? "released" : "lease already gone");
        if (released) {
            store.signal(store.get(task.jobId()).queue(), 1);
        }
    }

    void run(ClaimedTask task) {
        abortReason = releasing ? abortReason : null;
        TaskSpec spec = task.spec();
        pendingNote.set(null);
        String attemptKey = ChunkStorage.attemptKey(task.jobId(), spec.id(), task.token(), spec.extension());
        Path scratch = storage.scratchFile(attemptKey);
        long started = System.nanoTime();
        beginAttempt(taskTime(task));
        try (LeaseKeeper lease = new LeaseKeeper(task, queue, scheduler, () -> abortCurrent("lease lost"))) {
            try {
                long encodeStarted = System.nanoTime();
                int frames = encode(task, scratch);
                Duration encodeTime = Duration.ofNanos(System.nanoTime() - encodeStarted);
                if (lease.lost()) {
                    log.warn("{}/{}: dropped after the lease was lost ({})", task.jobId(), spec.id(), lease.lostReason());
                    return;
                }
                // still ours? (a frozen worker may wake long after): else drop the file unpublished
                WhileLeaseHolds.call(task, lease::lastExtendedNanos, "final lease extension", () -> {
                    queue.extend(task);
                    return true;
                });
                storage.publish(scratch, attemptKey);
                report(task, attemptKey, started, frames, lease, encodeTime);
            } catch (MediaException e) {
                if (lease.lost()) {
                    log.warn("{}/{}: stopped: {}", task.jobId(), spec.id(), lease.lostReason());
                } else if (releasing) {
                    giveBack(task, lease.lastExtendedNanos());
                } else if (e instanceof UncuttableRange uncuttable) {
                    coarsen(task, uncuttable, lease); // not a failure of the job: the plan becomes coarser
                } else {
                    fail(task, e.getMessage(), e.retryable(), lease);
                }
            } catch (LeaseLostException e) {
                log.warn("{}/{}: {}; dropping this attempt", task.jobId(), spec.id(), e.getMessage());
            } catch (RuntimeException e) {
                if (!lease.lost() && !RedisFailures.isTransient(e)) {
                    fail(task, e.getClass().getSimpleName() + ": " + e.getMessage(), true, lease);
                } else if (!lease.lost()) {
                    throw e; // Redis stayed away longer than the lease: the worker loop reconnects
                }
            }
        } finally {
            deleteQuietly(scratch);
        }
    }

    /** Starts the attempt's clock: every child process of the attempt shares {@code limit} from now. */
    void beginAttempt(Duration limit) {
        taskTime = limit;
        taskDeadline = System.nanoTime() + limit.toNanos();
    }

    /** The job's limit on one attempt ({@code taskTimeoutMs}, set at submit); none when the record has none. */
    private Duration taskTime(ClaimedTask task) {
        String millis = store.redis().hget(store.keys().job(task.jobId()), "taskTimeoutMs");
        try {
            return millis == null || millis.isBlank() ? NO_TASK_LIMIT : Duration.ofMillis(Math.max(1, Long.parseLong(millis)));
        } catch (NumberFormatException e) {
            log.warn("{}: ignoring an invalid taskTimeoutMs in its record", task.jobId());
            return NO_TASK_LIMIT;
        }
    }

    /** Encodes the task into {@code output}; returns the video frames it holds when they differ from the plan, else -1. */
    private int encode(ClaimedTask task, Path output) {
        Profile profile = Profiles.named(task.profile());
        LoopbackRangeServer.Served served = null;
        MediaInput source;
        long sourceBytes;
        try {
            // a chunk reads a small part of the source: bounded ranges; the audio reads all of it: one presigned stream
            served = rangeServer == null || task.spec().kind() == TaskKind.AUDIO ? null : rangeServer.serve(task.input());
            source = served == null ? storage.mediaInput(task.input()) : served.input();
            sourceBytes = served == null ? storage.size(task.input()) : served.size();
        } catch (MissingKeyException e) {
            throw new MediaException("input " + task.input() + " is missing from storage", true);
        }
        try {
            return encode(task, source, sourceBytes, profile, output);
        } finally {
            if (served != null) {
                log.info("{}/{}: read {} of the source's {} bytes ({}%)", task.jobId(), task.taskId(), served.bytesFetched(),
                        served.size(), served.size() == 0 ? 0 : 100 * served.bytesFetched() / served.size());
                served.close();
            }
        }
    }

    private int encode(ClaimedTask task, MediaInput source, long sourceBytes, Profile profile, Path output) {
        TaskSpec spec = task.spec();
        if (spec.kind() == TaskKind.AUDIO) {
            execute(commands.audio(source, spec.audioStream(), spec.continuousAudio(), profile, output), task,
                    TimeLimits.encode(0).plus(TimeLimits.decode(0, sourceBytes)));
            return -1;
        }
        ChunkSpec chunk = spec.chunk();
        int threads = settings.effectiveThreads();
        Duration encodeLimit = TimeLimits.encode(chunk.durationSeconds());
        Duration fromStartLimit = encodeLimit.plus(TimeLimits.decode(chunk.startSeconds(), sourceBytes));
        executeChunk(commands.videoChunk(source, chunk, true, profile, threads, output), task, chunk,
                chunk.seeks() ? encodeLimit : fromStartLimit);
        int frames = countFrames(output);
        if (frames == chunk.frames()) {
            return -1;
        }
        if (chunk.decodeOrder() && !spec.wholeVideo()) {
            throw new UncuttableRange(chunk, frames + " frames of decode order, " + chunk.frames() + " planned (the source"
                    + " decodes differently each time)");
        }
        if (chunk.seeks()) {
            // a demuxer whose seek landed past the keyframe, or damage near the cut: decode from the start instead
            log.warn("{}/{}: {} frames after seeking, expected {}; encoding again without seeking",
                    task.jobId(), task.taskId(), frames, chunk.frames());
            executeChunk(commands.videoChunk(source, chunk, false, profile, threads, output), task, chunk, fromStartLimit);
            frames = countFrames(output);
        }
        if (frames == 0) {
            throw new UncuttableRange(chunk, "no frame decodes there");
        }
        if (frames != chunk.frames()) {
            // Decoded from the start of the file and cut on timestamps (or the whole video in one decode), this is
            // exactly what one sequential decode of the whole source yields in this range: the reference.
            String note = String.format(Locale.ROOT, "%s %d: the source does not decode cleanly between %.3f s and %.3f s:"
                            + " %d frames decode there (%d packets); kept what a sequential decode yields",
                    spec.wholeVideo() ? "whole video, chunk" : "chunk", chunk.index(), chunk.startSeconds(),
                    chunk.startSeconds() + chunk.durationSeconds(), frames, chunk.frames());
            log.warn("{}/{}: {}", task.jobId(), task.taskId(), note);
            pendingNote.set(note);
            return frames;
        }
        return -1;
    }

    /** A chunk's encode; an FFmpeg error caused by the input in this range makes the range uncuttable. */
    private void executeChunk(List<String> command, ClaimedTask task, ChunkSpec chunk, Duration timeLimit) {
        try {
            execute(command, task, timeLimit);
        } catch (MediaException e) {
            throw e.retryable() ? e : new UncuttableRange(chunk, e.getMessage());
        }
    }

    void execute(List<String> command, ClaimedTask task, Duration timeLimit) {
        ProcessResult result = attemptProcess(command, timeLimit, settings.hangTimeout(), () -> progressOf(task)); // stdout is FFmpeg's -progress
        if (result.exitCode() != 0) {
            String line = result.lastErrorLine();
            throw new MediaException("ffmpeg failed on " + task.taskId() + ": " + line,
                    !FfmpegErrors.causedByInput(result.stderrTail()));
        }
    }

    /**
     * Runs one child process of the attempt (encode, re-encode, frame count): within what is left of the
     * job's limit on one attempt, killed by a lost lease or a shutdown, never started after one. A kill
     * is a retryable {@link MediaException}; any other result is returned.
     */
    private ProcessResult attemptProcess(List<String> command, Duration timeLimit, Duration idleTimeout,
                                         Supplier<Consumer<String>> stdoutLines) {
        Duration left = Duration.ofNanos(taskDeadline - System.nanoTime());
        String taskLimitReached = "task time limit of " + taskTime.toSeconds() + " s reached";
        if (left.isNegative() || left.isZero()) {
            throw new MediaException(taskLimitReached, true);
        }
        boolean taskBound = timeLimit == null || left.compareTo(timeLimit) < 0;
        ProcessRunner runner = ffmpeg.runner(command);
        current.set(runner);
        String stopped = abortReason; // read after publishing the runner: an abort from now on kills it
        if (stopped != null) {
            current.set(null);
            throw new MediaException("not started: " + stopped, true); // e.g. the lease was lost during the frame count
        }
        ProcessResult result;
        try {
            result = runner.run(idleTimeout, taskBound ? left : timeLimit, stdoutLines.get());
        } finally {
            current.set(null);
        }
        if (result.killed()) {
            boolean outOfTime = taskBound && System.nanoTime() - taskDeadline >= 0;
            throw new MediaException(processName(command) + " killed: " + (outOfTime ? taskLimitReached : result.killReason()), true);
        }
        return result;
    }

    private static String processName(List<String> command) {
        return Path.of(command.get(0)).getFileName().toString();
    }

    /** Publishes the encode's progress into the job's progress hash, at most once a second. */
    private ChunkProgress progressOf(ClaimedTask task) {
        int frames = task.spec().chunk() == null ? 0 : task.spec().chunk().frames();
        List<String> keys = List.of(store.keys().job(task.jobId()), store.keys().progress(task.jobId()));
        return new ChunkProgress(workerId, task.token(), frames,
                progress -> PROGRESS.run(store.redis(), keys, List.of(task.taskId(), Json.write(progress))), System::nanoTime);
    }

    /**
     * The video frames of an encoded chunk: an ffprobe run that is part of the attempt, like the encode;
     * 0 when FFmpeg wrote a file without video (nothing decoded).
     */
    int countFrames(Path file) {
        try {
            return new MediaProbe(ffmpeg, (command, timeLimit, lines) -> attemptProcess(command, timeLimit, null, () -> lines))
                    .timeline(file).size();
        } catch (MediaException e) {
            if (e.retryable() || !e.getMessage().contains("no video stream")) {
                throw e;
            }
            return 0;
        }
    }

    private void report(ClaimedTask task, String attemptKey, long startedNanos, int frames, LeaseKeeper lease,
                        Duration encodeTime) {
        Completion completion = WhileLeaseHolds.call(task, lease::lastExtendedNanos, "completion",
                () -> queue.complete(task, attemptKey, frames, readAlongWithCompletion));
        String note = pendingNote.getAndSet(null);
        if (completion.accepted() && note != null) {
            store.addNote(task.jobId(), note);
        }
        if (!completion.accepted()) {
            log.warn("{}/{}: completion rejected ({}); deleting this attempt's file", task.jobId(), task.taskId(), completion.rejection());
            storage.delete(attemptKey);
            return;
        }
        metrics.taskCompleted(queueOf(task));
        metrics.encoded(queueOf(task), task.spec().kind().name().toLowerCase(), encodeTime,
                task.spec().chunk() == null ? 0 : task.spec().chunk().frames());
        log.info("{}/{}: done in {} ms (attempt {})", task.jobId(), task.taskId(),
                Duration.ofNanos(System.nanoTime() - startedNanos).toMillis(), task.attempt());
        if (completion.lastTask()) {
            store.signalCoordinators(task.jobId());
        }
    }

    /**
     * This range cannot be cut exactly: the plan becomes coarser (Coarsening), this attempt's task among the
     * ones replaced; when nothing coarser is left, the task fails for good with the reason.
     */
    private void coarsen(ClaimedTask task, UncuttableRange e, LeaseKeeper lease) {
        Coarsener.Outcome outcome = WhileLeaseHolds.call(task, lease::lastExtendedNanos, "coarsening",
                () -> new Coarsener(store).coarsen(task.jobId(), Coarsener.Caller.task(task), Set.of(task.taskId()), e.getMessage()));
        switch (outcome.result()) {
            case COARSENED -> log.warn("{}/{}: replaced by a coarser task: {}", task.jobId(), task.taskId(), outcome.note());
            case REJECTED -> log.warn("{}/{}: not coarsened, the lease is gone; dropping this attempt", task.jobId(), task.taskId());
            case EXHAUSTED -> fail(task, e.getMessage() + "; nothing coarser is left after " + Coarsening.MAX_ROUNDS
                    + " coarsening round(s) (merge with the neighbours, then the whole video)", false, lease);
        }
    }

    private void fail(ClaimedTask task, String reason, boolean retryable, LeaseKeeper lease) {
        Duration backoff = backoff(task.attempt());
        TaskQueue.FailureOutcome outcome = WhileLeaseHolds.call(task, lease::lastExtendedNanos, "failure report",
                () -> queue.fail(task, reason, retryable, backoff));
        if (outcome != TaskQueue.FailureOutcome.REJECTED) {
            metrics.taskFailed(queueOf(task), outcome == TaskQueue.FailureOutcome.DEAD);
        }
        log.warn("{}/{}: attempt {} failed ({}): {}", task.jobId(), task.taskId(), task.attempt(),
                outcome == TaskQueue.FailureOutcome.RETRY ? "retry in " + backoff.toMillis() + " ms" : outcome.name().toLowerCase(),
                reason);
        if (outcome == TaskQueue.FailureOutcome.DEAD) {
            store.signalCoordinators(task.jobId());
        }
    }

    /** Exponential backoff with jitter: between half and all of base * 2^(attempt-1), capped at five minutes. */
    private Duration backoff(int attempt) {
        long base = settings.retryBackoff().toMillis();
        long ceiling = Math.min(Duration.ofMinutes(5).toMillis(), base << Math.min(20, Math.max(0, attempt - 1)));
        return Duration.ofMillis(ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1));
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (Exception ignored) {
            // a leftover scratch file is harmless: its name is unique to the attempt
        }
    }
}
