package io.vidfleet.common.queue;

import io.vidfleet.common.jobs.Ids;
import io.vidfleet.common.jobs.Priority;
import io.vidfleet.common.metrics.VidfleetMetrics;
import io.vidfleet.common.profile.Profiles;
import io.vidfleet.common.redis.RedisKeys;
import io.vidfleet.common.store.JobStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.params.ZAddParams;

/**
 * Returns expired leases and due retries to their job's ready set, and re-indexes every active job
 * that has ready tasks (repairing an index entry a racing worker removed). Any worker or coordinator
 * may run it; a lock key with expiry lets one run at a time cluster-wide.
 */
public final class Reaper {
    private static final Logger log = LoggerFactory.getLogger(Reaper.class);

    private final JobStore store;
    private final TaskQueue queue;
    private final String owner;
    private final Duration interval;
    private final VidfleetMetrics metrics;

    public Reaper(JobStore store, TaskQueue queue, String owner, Duration interval) {
        this(store, queue, owner, interval, null);
    }

    /** {@code metrics}: where lease expirations and tasks given up are counted (null: nowhere). */
    public Reaper(JobStore store, TaskQueue queue, String owner, Duration interval, VidfleetMetrics metrics) {
        this.store = store;
        this.queue = queue;
        this.owner = owner;
        this.interval = interval;
        this.metrics = metrics;
    }

    public Duration interval() {
        return interval;
    }

    /** One pass, unless another process ran one within the interval. Returns tasks made ready. */
    public int runOnce() {
        RedisKeys keys = store.keys();
        String locked = store.redis().set(keys.reaperLock(), owner, SetParams.setParams().nx().px(interval.toMillis()));
        if (!"OK".equals(locked)) {
            return 0;
        }
        int made = 0;
        Set<String> active = new HashSet<>(store.activeJobIds());
        Map<String, Long> counted = new HashMap<>();
        for (String jobId : active) {
            if (!Ids.valid(jobId)) {
                store.quarantine(jobId, "invalid job id");
                continue;
            }
            made += reapJob(jobId, counted);
        }
        Map<String, Long> sizes = store.backlog().sizes(Profiles.queues());
        for (Map.Entry<String, Long> size : sizes.entrySet()) {
            if (size.getValue() != counted.getOrDefault(size.getKey(), 0L)) {
                int removed = store.backlog().removeEnded(size.getKey(), active);
                log.info("queue {}: {} backlog entries of ended jobs removed", size.getKey(), removed);
            }
        }
        return made;
    }

    private int reapJob(String jobId, Map<String, Long> counted) {
        List<String> meta = store.redis().hmget(store.keys().job(jobId), "queue", "priority", "createdAt", "id");
        if (meta.stream().allMatch(java.util.Objects::isNull)) {
            store.markInactive(jobId); // the job's hash is gone (deleted by hand): forget it
            return 0;
        }
        Priority priority;
        double createdAt;
        try {
            if (!jobId.equals(meta.get(3)) || !Ids.valid(meta.get(0))) {
                throw new IllegalArgumentException("id or queue missing or wrong");
            }
            priority = Priority.parse(meta.get(1));
            createdAt = Double.parseDouble(meta.get(2));
        } catch (RuntimeException e) {
            store.quarantine(jobId, "invalid job record: " + e.getMessage());
            return 0;
        }
        TaskQueue.ReapResult result = queue.reap(jobId);
        if (metrics != null && result.expiredLeases() > 0) {
            metrics.leaseExpired(result.expiredLeases());
            if (result.jobFailed()) {
                metrics.taskDead(meta.get(0));
            }
        }
        repairBacklog(jobId, meta.get(0), result.ready());
        counted.merge(meta.get(0), (long) result.ready(), Long::sum);
        if (result.ready() > 0) {
            store.redis().zadd(store.keys().queue(meta.get(0), priority), createdAt, jobId, ZAddParams.zAddParams().nx());
            store.signal(meta.get(0), Math.max(1, result.madeReady()));
        }
        if (result.madeReady() > 0) {
            log.info("job {}: {} task(s) back to ready (expired lease or retry due)", jobId, result.madeReady());
        }
        return result.madeReady();
    }

    /** Tasks made ready here, or a process that died between a script and its backlog update: fix the job's count. */
    private void repairBacklog(String jobId, String queueName, int ready) {
        if (store.backlog().count(queueName, jobId) != ready) {
            store.backlog().rebuild(queueName, jobId);
        }
    }
}
