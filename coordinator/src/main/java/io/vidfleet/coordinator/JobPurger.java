package io.vidfleet.coordinator;

import io.vidfleet.common.jobs.Ids;
import io.vidfleet.common.jobs.JobState;
import io.vidfleet.common.jobs.Priority;
import io.vidfleet.common.storage.ChunkStorage;
import io.vidfleet.common.store.JobStore;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.params.ZRangeParams;

/**
 * Removes ended jobs for good: every Redis key of the job, its entry in {@code vf:jobs}, its idempotency
 * key and its files in the storage (never its output). When a job ends the coordinator schedules it in
 * {@code vf:jobs:expiry} at its end time plus the retention for its state; the coordinator's reaper pass
 * purges what is due, and {@code vidfleet purge} does it by hand.
 */
public final class JobPurger {
    private static final Logger log = LoggerFactory.getLogger(JobPurger.class);
    private static final int BATCH = 100;

    private final JobStore store;
    private final ChunkStorage storage;

    public JobPurger(JobStore store, ChunkStorage storage) {
        this.store = store;
        this.storage = storage;
    }

    /** Schedules an ended job's purge at {@code endedAtMs} plus its retention. */
    public void schedule(String jobId, JobState state, long endedAtMs, Retention retention) {
        store.redis().zadd(store.keys().jobExpiry(), endedAtMs + retention.of(state).toMillis(), jobId);
    }

    /** Purges the jobs whose retention ran out by {@code nowMs}; returns how many. */
    public int purgeDue(long nowMs) {
        int purged = 0;
        List<String> due;
        do {
            due = store.redis().zrangeByScore(store.keys().jobExpiry(), Double.NEGATIVE_INFINITY, nowMs, 0, BATCH);
            for (String jobId : due) {
                purged += purge(jobId) ? 1 : 0;
                store.redis().zrem(store.keys().jobExpiry(), jobId);
            }
        } while (due.size() == BATCH);
        return purged;
    }

    /**
     * Purges every ended job that ended more than {@code age} before {@code nowMs}, scheduled or not (jobs
     * from before retention existed, or kept longer); drops {@code vf:jobs} entries whose record is gone.
     */
    public int purgeOlderThan(Duration age, long nowMs) {
        long cutoff = nowMs - age.toMillis();
        int purged = 0;
        // a job that ended before the cutoff was created before it: vf:jobs is scored by creation time
        List<String> ids = store.redis().zrange(store.keys().jobs(),
                ZRangeParams.zrangeByScoreParams(Double.NEGATIVE_INFINITY, cutoff));
        for (String jobId : ids) {
            List<String> meta = store.redis().hmget(store.keys().job(jobId), "state", "finishedAt", "updatedAt");
            if (meta.get(0) == null) {
                store.redis().zrem(store.keys().jobs(), jobId);
                store.redis().zrem(store.keys().jobExpiry(), jobId);
                continue;
            }
            long ended = parse(meta.get(1) != null ? meta.get(1) : meta.get(2));
            if (ended <= cutoff && purge(jobId)) {
                store.redis().zrem(store.keys().jobExpiry(), jobId);
                purged++;
            }
        }
        return purged;
    }

    /** Purges one job if it has ended; false if it is still active (requeued, say) or invalid. */
    public boolean purge(String jobId) {
        if (!Ids.valid(jobId)) {
            store.redis().zrem(store.keys().jobs(), jobId);
            return false;
        }
        List<String> meta = store.redis().hmget(store.keys().job(jobId), "state", "queue", "priority", "idempotencyKey");
        if (meta.get(0) != null && !terminal(meta.get(0))) {
            return false;
        }
        storage.deleteJob(jobId);
        Priority priority = null;
        try {
            priority = meta.get(2) == null ? null : Priority.parse(meta.get(2));
        } catch (RuntimeException ignored) {
            // an unreadable priority: the queue index entries are trimmed by the workers' claims anyway
        }
        store.deleteJob(jobId, priority == null ? null : meta.get(1), priority);
        String idempotencyKey = meta.get(3);
        var held = idempotencyKey == null ? null : store.idempotency(idempotencyKey);
        if (held != null && jobId.equals(held.jobId())) { // the key may point at a newer job by now: keep it then
            store.redis().del(store.keys().idempotency(idempotencyKey));
        }
        log.info("job {}: purged (retention over)", jobId);
        return true;
    }

    private static boolean terminal(String state) {
        try {
            return JobState.fromWire(state).terminal();
        } catch (RuntimeException e) {
            return false; // an unknown state is the quarantine's business
        }
    }

    private static long parse(String millis) {
        try {
            return millis == null ? 0 : Long.parseLong(millis);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
