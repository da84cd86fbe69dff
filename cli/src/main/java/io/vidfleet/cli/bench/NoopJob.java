package io.vidfleet.cli.bench;

import io.vidfleet.common.ProcessIds;
import io.vidfleet.common.jobs.DeliveryMode;
import io.vidfleet.common.jobs.Priority;
import io.vidfleet.common.jobs.TaskSpec;
import io.vidfleet.common.plan.ChunkSpec;
import io.vidfleet.common.store.JobDraft;
import io.vidfleet.common.store.JobStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A job of no-op tasks created through the real path ({@code create_job.lua}, the queue index and
 * signals), so that claiming and completing them costs exactly what the queue costs and nothing else.
 */
final class NoopJob {
    static final String QUEUE = "h264";

    private NoopJob() {
    }

    /** Creates the job; returns its id. Its keys live under the store's own prefix. */
    static String create(JobStore store, int tasks, Duration lease) {
        List<TaskSpec> specs = new ArrayList<>(tasks);
        for (int i = 0; i < tasks; i++) {
            specs.add(TaskSpec.video(new ChunkSpec(i, i, i + 1, true, -1, -1, -1, i, 1.0, 0)));
        }
        String id = ProcessIds.newJobId();
        store.create(new JobDraft(id, "bench/none", false, "bench/none.mp4", "h264-720p", QUEUE, Priority.NORMAL,
                DeliveryMode.AT_LEAST_ONCE, lease, 5, Duration.ofSeconds(1), null, specs, null));
        return id;
    }

    /** Removes every key of the bench (its prefix is its own). */
    static void deleteAll(redis.clients.jedis.UnifiedJedis redis, String prefix) {
        List<String> keys = new ArrayList<>();
        for (String key : redis.keys(prefix + ":*")) {
            keys.add(key);
            if (keys.size() == 500) {
                redis.del(keys.toArray(String[]::new));
                keys.clear();
            }
        }
        if (!keys.isEmpty()) {
            redis.del(keys.toArray(String[]::new));
        }
    }
}
