package io.vidfleet.worker;

import io.vidfleet.common.HealthFile;
import io.vidfleet.common.ProcessIds;
import io.vidfleet.common.error.BadInputException;
import io.vidfleet.common.jobs.TaskKind;
import io.vidfleet.common.media.Ffmpeg;
import io.vidfleet.common.metrics.VidfleetMetrics;
import io.vidfleet.common.queue.ClaimedTask;
import io.vidfleet.common.queue.Reaper;
import io.vidfleet.common.redis.ReconnectBackoff;
import io.vidfleet.common.queue.TaskQueue;
import io.vidfleet.common.storage.ChunkStorage;
import io.vidfleet.common.store.JobStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stateless worker process: {@code concurrency} loops that each claim a task, run it under its lease
 * and claim the next; plus the shared reaper and a presence heartbeat. Stopping it stops claiming;
 * running tasks get {@code shutdownGrace} to finish (zero: none), then their encodes are killed and the
 * tasks released back to the queue at once, their attempt uncounted. Nothing is lost either way.
 */
public final class Worker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Worker.class);
    private static final Duration PRESENCE_TTL = Duration.ofSeconds(30);

    private final String id = ProcessIds.forProcess("worker");
    private final JobStore store;
    private final WorkerSettings settings;
    private final QueueCapabilities capabilities;
    private final TaskClaimer claimer;
    private final Reaper reaper;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, daemon("lease"));
    private final List<Thread> loops = new ArrayList<>();
    private final List<TaskRunner> runners = new ArrayList<>();
    private final TaskRunner audioRunner;
    private final AtomicBoolean audioSlotFree = new AtomicBoolean(true);
    private final AtomicInteger busy = new AtomicInteger();
    private final AtomicInteger completed = new AtomicInteger();
    private final VidfleetMetrics metrics;
    /** What each busy slot holds now (job/task), for the presence hash. */
    private final Map<Thread, String> current = new ConcurrentHashMap<>();
    private final long startedAt = System.currentTimeMillis();
    private volatile boolean running;

    /**
     * Serves only the queues whose encoders work on this host (one test frame each); throws
     * {@link BadInputException} naming the reasons when it can serve none of them.
     */
    public Worker(JobStore store, ChunkStorage storage, WorkerSettings settings) {
        this(store, storage, settings, VidfleetMetrics.create());
    }

    public Worker(JobStore store, ChunkStorage storage, WorkerSettings settings, VidfleetMetrics metrics) {
        this.store = store;
        this.metrics = metrics;
        Ffmpeg ffmpeg = Ffmpeg.get();
        this.capabilities = servableQueues(settings.queues());
        if (!capabilities.refused().isEmpty()) {
            log.warn("{}", capabilities.refusals());
        }
        this.settings = settings.withQueues(capabilities.served());
        this.settings.queues().forEach(metrics::serveQueue);
        TaskQueue queue = new TaskQueue(store.redis(), store.keys());
        this.claimer = new TaskClaimer(store, queue, id, this.settings);
        this.reaper = new Reaper(store, queue, id, settings.reaperInterval(), metrics);
        for (int i = 0; i < settings.concurrency(); i++) {
            TaskRunner runner = new TaskRunner(store, queue, storage, ffmpeg, settings, scheduler, metrics, id);
            runner.readAlongWithCompletion(claimer); // a slot claims right after it completes
            runners.add(runner);
        }
        this.audioRunner = new TaskRunner(store, queue, storage, ffmpeg, settings, scheduler, metrics, id);
    }

    public VidfleetMetrics metrics() {
        return metrics;
    }

    public String id() {
        return id;
    }

    /**
     * Which of the queues this host can serve (a one-frame test encode per profile, once per JVM); throws
     * {@link BadInputException} naming the reasons when it can serve none of them.
     */
    public static QueueCapabilities servableQueues(List<String> queues) {
        QueueCapabilities capabilities = new EncoderCheck(Ffmpeg.get(), EncoderCheck.DEFAULT_TIME_LIMIT).check(queues);
        if (capabilities.served().isEmpty()) {
            throw new BadInputException("this worker can serve none of its queues: " + capabilities.refusals());
        }
        return capabilities;
    }

    /** The queues this worker serves (its encoders work here) and those it refused, with why. */
    public QueueCapabilities capabilities() {
        return capabilities;
    }

    public int completedTasks() {
        return completed.get();
    }

    public void start() {
        running = true;
        long reap = settings.reaperInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::reapQuietly, reap, reap, TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(this::announce, 0, PRESENCE_TTL.toSeconds() / 3, TimeUnit.SECONDS);
        for (TaskRunner runner : runners) {
            Thread loop = new Thread(() -> loop(runner), "worker-" + loops.size());
            loop.setDaemon(true); // an idle loop blocked in BLPOP holds nothing: exit need not wait for it
            loops.add(loop);
            loop.start();
        }
        log.info("worker {} serving queues {} with {} slot(s) of {} encoder thread(s)", id, settings.queues(),
                settings.concurrency(), settings.effectiveThreads());
    }

    private void loop(TaskRunner runner) {
        try {
            claimAndRun(runner);
        } finally {
            giveBackClaimedAlong(runner);
        }
    }

    /** A task claimed along with this loop's last completion as the worker stopped goes back at once, uncounted. */
    private void giveBackClaimedAlong(TaskRunner runner) {
        ClaimedTask left = claimer.takeClaimedAlong();
        if (left != null) {
            try {
                runner.giveBack(left, System.nanoTime());
            } catch (RuntimeException e) {
                log.warn("{}/{}: not given back ({}); its lease will run out", left.jobId(), left.taskId(), e.getMessage());
            }
        }
    }

    private void claimAndRun(TaskRunner runner) {
        ReconnectBackoff backoff = ReconnectBackoff.standard();
        while (running) {
            try {
                ClaimedTask task = claimer.next(() -> running);
                Duration outage = backoff.succeeded();
                if (!outage.isZero()) {
                    log.info("worker {}: reconnected to Redis after {} ms", id, outage.toMillis());
                }
                if (task == null) {
                    continue;
                }
                if (!running) {
                    runner.giveBack(task, System.nanoTime()); // claimed as the worker stopped
                    return;
                }
                busy.incrementAndGet();
                metrics.taskClaimed(TaskRunner.queueOf(task), task.attempt());
                if (task.spec().kind() == TaskKind.AUDIO && audioSlotFree.compareAndSet(true, false)) {
                    runAudio(task); // light work: the slot goes back to claiming video at once
                    continue;
                }
                current.put(Thread.currentThread(), task.jobId() + "/" + task.taskId());
                try {
                    runner.run(task);
                    completed.incrementAndGet();
                } finally {
                    current.remove(Thread.currentThread());
                    if (!running) {
                        giveBackClaimedAlong(runner); // while still busy: a closing worker waits for it
                    }
                    busy.decrementAndGet();
                }
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                // Redis down or restarting: back off and try again; tasks wait safely in Redis
                Duration wait = backoff.failed();
                log.warn(ReconnectBackoff.reconnecting("worker " + id, e, wait));
                ReconnectBackoff.sleep(wait);
            }
        }
    }

    /** Runs an audio task beside the video slots (one at a time per worker): it must not hold a slot video could use. */
    private void runAudio(ClaimedTask task) {
        Thread thread = new Thread(() -> {
            current.put(Thread.currentThread(), task.jobId() + "/" + task.taskId());
            try {
                audioRunner.run(task);
                completed.incrementAndGet();
            } finally {
                current.remove(Thread.currentThread());
                audioSlotFree.set(true);
                busy.decrementAndGet();
            }
        }, "worker-audio");
        thread.setDaemon(true);
        thread.start();
    }

    private void reapQuietly() {
        try {
            reaper.runOnce();
        } catch (RuntimeException e) {
            log.debug("reaper pass skipped: {}", e.getMessage());
        }
    }

    private void announce() {
        try {
            String key = store.keys().process(id);
            long now = System.currentTimeMillis();
            Map<String, String> presence = new java.util.HashMap<>(Map.of("role", "worker",
                    "queues", String.join(",", settings.queues()),
                    "refused", String.join(",", capabilities.refused().keySet().stream().sorted().toList()),
                    "slots", Integer.toString(settings.concurrency()), "busy", Integer.toString(busy.get()),
                    "completed", Integer.toString(completed.get()), "seen", Long.toString(now)));
            presence.putAll(Map.of("tasks", String.join(",", current.values()), "host", ProcessIds.host(),
                    "pid", Long.toString(ProcessHandle.current().pid()), "startedAt", Long.toString(startedAt)));
            store.redis().hset(key, presence);
            store.redis().expire(key, PRESENCE_TTL.toSeconds());
            HealthFile.touch();
        } catch (RuntimeException e) {
            log.debug("presence heartbeat skipped: {}", e.getMessage());
        }
    }

    /**
     * Claims nothing more from now on. Workers of one JVM that stop together call this on all of them before
     * closing any: a wake-up one's {@link #close} sends may reach another's loop, which must then be stopping
     * too, or it would block again and the wake-up meant for a stopping loop would be spent.
     */
    public void stopClaiming() {
        running = false;
        claimer.stopClaimingAlong();
    }

    /** Stops claiming, lets running tasks finish within the grace period, then releases what still runs. */
    @Override
    public void close() {
        stopClaiming();
        wakeIdleLoops();
        long deadline = System.nanoTime() + settings.shutdownGrace().toNanos();
        awaitIdle(deadline);
        if (busy.get() > 0) {
            log.warn("worker {}: grace period over, giving {} running task(s) back to the queue", id, busy.get());
            runners.forEach(TaskRunner::releaseCurrent);
            audioRunner.releaseCurrent();
            awaitIdle(System.nanoTime() + Duration.ofSeconds(10).toNanos());
        }
        scheduler.shutdownNow();
        try {
            store.redis().del(store.keys().process(id));
        } catch (RuntimeException ignored) {
            // presence expires by itself
        }
    }

    /**
     * Signals each queue once per idle loop, so that loops blocked in BLPOP see the stop now rather than
     * at their timeout: a thread blocked in a socket read holds up the JVM's exit by up to 300 ms. A
     * signal another worker takes costs it one needless look.
     */
    private void wakeIdleLoops() {
        int idle = Math.max(0, loops.size() - busy.get());
        try {
            settings.queues().forEach(queue -> store.signal(queue, idle));
        } catch (RuntimeException ignored) {
            // Redis is gone: the waits have ended with it
        }
    }

    private void awaitIdle(long deadlineNanos) {
        while (busy.get() > 0 && System.nanoTime() < deadlineNanos) {
            ReconnectBackoff.sleep(Duration.ofMillis(50));
        }
    }


    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
