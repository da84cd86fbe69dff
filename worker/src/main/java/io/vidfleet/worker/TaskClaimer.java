package io.vidfleet.worker;

import io.vidfleet.common.jobs.Priority;
import io.vidfleet.common.queue.ClaimOutcome;
import io.vidfleet.common.queue.ClaimedTask;
import io.vidfleet.common.queue.TaskQueue;
import io.vidfleet.common.store.JobStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Finds the next task for this worker: priority by weight, then queue in rotation (one queue's
 * backlog never hides another's), then jobs first in first out. When nothing is ready it blocks on
 * the queues' signal lists, so an idle worker sends Redis one command per {@code idleBlock}.
 */
final class TaskClaimer {
    private static final int JOBS_PER_LOOK = 16;

    private final JobStore store;
    private final TaskQueue queue;
    private final String workerId;
    private final List<String> queues;
    private final PriorityPicker priorities;
    private final Duration idleBlock;
    private final AtomicInteger rotation = new AtomicInteger();
    private volatile boolean multiKeyBlock = true;

    TaskClaimer(JobStore store, TaskQueue queue, String workerId, WorkerSettings settings) {
        this.store = store;
        this.queue = queue;
        this.workerId = workerId;
        this.queues = List.copyOf(settings.queues());
        this.priorities = new PriorityPicker(settings.weights());
        this.idleBlock = settings.idleBlock();
    }

    /** A claimed task, or null after blocking up to {@code idleBlock} with nothing to do. */
    ClaimedTask next() {
        ClaimedTask task = tryClaim();
        if (task == null) {
            awaitSignal();
            task = tryClaim();
        }
        return task;
    }

    ClaimedTask tryClaim() {
        for (Priority priority : priorities.nextOrder()) {
            for (String name : rotatedQueues()) {
                ClaimedTask task = claimFrom(name, priority);
                if (task != null) {
                    return task;
                }
            }
        }
        return null;
    }

    private ClaimedTask claimFrom(String name, Priority priority) {
        String index = store.keys().queue(name, priority);
        for (String jobId : store.redis().zrange(index, 0, JOBS_PER_LOOK - 1)) {
            ClaimOutcome outcome = queue.claim(jobId, workerId);
            if (outcome.claimed()) {
                return outcome.task();
            }
            if (outcome.status() != ClaimOutcome.Status.EMPTY) {
                // nothing left to hand out; the reaper re-indexes the job if a task comes back
                store.redis().zrem(index, jobId);
            }
        }
        return null;
    }

    private List<String> rotatedQueues() {
        List<String> order = new ArrayList<>(queues);
        java.util.Collections.rotate(order, rotation.getAndIncrement() % Math.max(1, order.size()));
        return order;
    }

    private void awaitSignal() {
        double seconds = idleBlock.toMillis() / 1000.0;
        if (multiKeyBlock) {
            try {
                store.redis().blpop(seconds, queues.stream().map(q -> store.keys().queueSignal(q)).toArray(String[]::new));
                return;
            } catch (JedisDataException e) {
                // Redis Cluster: the signal keys live in different slots; block on them one at a time
                multiKeyBlock = false;
            }
        }
        for (String name : queues) {
            if (store.redis().blpop(seconds / queues.size(), store.keys().queueSignal(name)) != null) {
                return;
            }
        }
    }
}
