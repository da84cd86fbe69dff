package io.vidfleet.worker;

import io.vidfleet.common.jobs.Ids;
import io.vidfleet.common.jobs.Priority;
import io.vidfleet.common.queue.ClaimOutcome;
import io.vidfleet.common.queue.ClaimedTask;
import io.vidfleet.common.queue.NextClaim;
import io.vidfleet.common.queue.RoundTripCompanion;
import io.vidfleet.common.queue.TaskQueue;
import io.vidfleet.common.store.JobStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisClusterOperationException;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Finds the next task for this worker: queue in rotation first (one queue's backlog never hides
 * another's, whatever its priorities), then priority by weight within the queue, then jobs first in
 * first out. When nothing is ready it blocks on the queues' signal lists.
 */
public final class TaskClaimer implements RoundTripCompanion {
    private static final int JOBS_PER_LOOK = 16;
    /** How long an index read along with a completion serves the claim after it. */
    private static final Duration READ_ALONG_FRESH = Duration.ofMillis(100);

    private final JobStore store;
    private final TaskQueue queue;
    private final String workerId;
    private final List<String> queues;
    private final Map<String, PriorityPicker> priorities = new HashMap<>();
    private final Duration idleBlock;
    private final AtomicInteger rotation = new AtomicInteger();
    private volatile boolean multiKeyBlock = true;
    /** False once the worker stops: a completion then claims nothing along. */
    private volatile boolean claimingAlong = true;
    /** Per claim loop: the index its last completion read for its next claim. */
    private final ThreadLocal<IndexRead> readWithCompletion = new ThreadLocal<>();
    /** Per claim loop: the order its next claim tries, fixed when its completion offered to claim along. */
    private final ThreadLocal<ClaimOrder> plannedOrder = new ThreadLocal<>();
    /** Per claim loop: the task its last completion claimed for it. */
    private final ThreadLocal<ClaimedTask> claimedAlong = new ThreadLocal<>();
    /** Per claim loop: false after a look found nothing, until a signal comes. */
    private final ThreadLocal<Boolean> mayHaveWork = ThreadLocal.withInitial(() -> true);

    public TaskClaimer(JobStore store, TaskQueue queue, String workerId, WorkerSettings settings) {
        this.store = store;
        this.queue = queue;
        this.workerId = workerId;
        this.queues = List.copyOf(settings.queues());
        queues.forEach(q -> priorities.put(q, new PriorityPicker(settings.weights())));
        this.idleBlock = settings.idleBlock();
    }

    /**
     * A claimed task, or null after blocking up to {@code idleBlock} with nothing to do. Signals wait in
     * their list until taken, so a worker that was woken by none has nothing to look for: an idle worker
     * costs one BLPOP per {@code idleBlock}.
     */
    ClaimedTask next(java.util.function.BooleanSupplier stillRunning) {
        ClaimedTask task = mayHaveWork.get() ? tryClaim() : null;
        if (task == null) {
            // looked and found nothing: only a signal (a task made ready, or the reaper's re-signal) sends it looking again
            mayHaveWork.set(false);
            if (awaitSignal() && stillRunning.getAsBoolean()) {
                mayHaveWork.set(true);
                task = tryClaim();
            }
        }
        return task;
    }

    public ClaimedTask tryClaim() {
        ClaimedTask along = takeClaimedAlong();
        ClaimOrder planned = plannedOrder.get();
        plannedOrder.remove();
        IndexRead readAlong = readWithCompletion.get();
        readWithCompletion.remove(); // for this claim only
        if (along != null) {
            return along;
        }
        ClaimOrder order = planned != null ? planned : nextOrder();
        for (String name : order.queues()) {
            Map<Priority, List<String>> heads = readAlong != null && readAlong.freshFor(name) ? readAlong.heads().get(name) : indexHeads(name);
            for (Priority priority : prioritiesOf(order, name)) {
                ClaimedTask task = claimFrom(name, priority, heads.get(priority));
                if (task != null) {
                    return task;
                }
            }
        }
        return null;
    }

    /** The task this thread's last completion claimed for it and nobody has run yet (null: none), handed over once. */
    ClaimedTask takeClaimedAlong() {
        ClaimedTask along = claimedAlong.get();
        claimedAlong.remove();
        return along;
    }

    /** From now on a completion claims nothing along: a stopping worker must not be handed a task. */
    void stopClaimingAlong() {
        claimingAlong = false;
    }

    private ClaimOrder nextOrder() {
        return new ClaimOrder(rotatedQueues(), new HashMap<>());
    }

    /**
     * One claim's order: the queues in rotation, each with its priorities in weighted order, picked when the
     * claim first reaches that queue (a queue it never reaches keeps its turn).
     */
    private record ClaimOrder(List<String> queues, Map<String, List<Priority>> picked) {
    }

    private List<Priority> prioritiesOf(ClaimOrder order, String name) {
        return order.picked().computeIfAbsent(name, n -> priorities.get(n).nextOrder());
    }

    /**
     * Fixes the order of this thread's next claim now, so that its completion can make that claim when the
     * completed task's job heads the first non-empty index of the first queue in it; the claim keeps that
     * order otherwise.
     */
    @Override
    public NextClaim nextClaim() {
        if (!claimingAlong) {
            return null;
        }
        ClaimOrder order = nextOrder();
        plannedOrder.set(order);
        String first = order.queues().get(0);
        return new NextClaim(workerId, prioritiesOf(order, first).stream().map(p -> store.keys().queue(first, p)).toList());
    }

    @Override
    public void claimedAlong(ClaimedTask task) {
        claimedAlong.set(task);
    }

    /** The first jobs of the queue's index at every priority, read in one round trip. */
    private Map<Priority, List<String>> indexHeads(String name) {
        Map<Priority, Response<List<String>>> replies;
        try (AbstractPipeline pipeline = store.redis().pipelined()) {
            replies = readIndex(pipeline, name);
            pipeline.sync();
        }
        return heads(replies);
    }

    private Map<Priority, Response<List<String>>> readIndex(AbstractPipeline pipeline, String name) {
        Map<Priority, Response<List<String>>> replies = new EnumMap<>(Priority.class);
        for (Priority priority : Priority.values()) {
            replies.put(priority, pipeline.zrange(store.keys().queue(name, priority), 0, JOBS_PER_LOOK - 1));
        }
        return replies;
    }

    private static Map<Priority, List<String>> heads(Map<Priority, Response<List<String>>> replies) {
        Map<Priority, List<String>> heads = new EnumMap<>(Priority.class);
        replies.forEach((priority, reply) -> heads.put(priority, reply.get()));
        return heads;
    }

    /**
     * The index this thread's next claim reads, read in the round trip of the completion before it (a slot
     * claims right after it completes); the claim reads it again itself when it comes later than that.
     */
    @Override
    public Runnable addTo(AbstractPipeline pipeline) {
        Map<String, Map<Priority, Response<List<String>>>> replies = new HashMap<>();
        queues.forEach(name -> replies.put(name, readIndex(pipeline, name)));
        return () -> {
            Map<String, Map<Priority, List<String>>> heads = new HashMap<>();
            replies.forEach((name, reply) -> heads.put(name, heads(reply)));
            readWithCompletion.set(new IndexRead(System.nanoTime(), heads));
        };
    }

    /** An index read along with a completion, good for the claim that follows at once. */
    private record IndexRead(long atNanos, Map<String, Map<Priority, List<String>>> heads) {
        boolean freshFor(String queue) {
            return heads.containsKey(queue) && System.nanoTime() - atNanos < READ_ALONG_FRESH.toNanos();
        }
    }

    private ClaimedTask claimFrom(String name, Priority priority, List<String> jobIds) {
        String index = store.keys().queue(name, priority);
        for (String jobId : jobIds) {
            if (!Ids.valid(jobId)) {
                store.quarantine(jobId, "invalid job id in " + index);
                store.redis().zrem(index, jobId);
                continue;
            }
            ClaimOutcome outcome = queue.claim(jobId, workerId);
            if (outcome.claimed()) {
                return outcome.task();
            }
            // nothing to hand out now (drained, ended, or only retries waiting out their backoff): off the
            // index, so jobs that wait never hide newer ones; the reaper re-indexes a job when a task is ready
            store.redis().zrem(index, jobId);
        }
        return null;
    }

    private List<String> rotatedQueues() {
        List<String> order = new ArrayList<>(queues);
        java.util.Collections.rotate(order, rotation.getAndIncrement() % Math.max(1, order.size()));
        return order;
    }

    /** Blocks until a queue is signalled (true) or {@code idleBlock} passes (false). */
    private boolean awaitSignal() {
        double seconds = idleBlock.toMillis() / 1000.0;
        if (multiKeyBlock && queues.size() > 1) {
            try {
                return store.blocking().blpop(seconds, queues.stream().map(q -> store.keys().queueSignal(q)).toArray(String[]::new)) != null;
            } catch (JedisDataException | JedisClusterOperationException e) {
                // Redis Cluster: the signal keys live in different slots; block on them one at a time
                multiKeyBlock = false;
            }
        }
        for (String name : queues) {
            if (store.blocking().blpop(seconds / queues.size(), store.keys().queueSignal(name)) != null) {
                return true;
            }
        }
        return false;
    }
}
