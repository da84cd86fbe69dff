package io.vidfleet.common.store;

import io.vidfleet.common.jobs.Priority;
import io.vidfleet.common.profile.Profile;
import io.vidfleet.common.profile.Profiles;
import io.vidfleet.common.redis.RedisKeys;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;

/**
 * Queue depths of the whole cluster, per queue and priority: jobs with work, tasks ready, in flight,
 * delayed (backing off), and dead (dead-lettered tasks of failed jobs among the newest
 * {@value #RECENT_JOBS} jobs). Read in two pipelines, whatever the number of jobs.
 */
public final class QueueStats {
    static final int RECENT_JOBS = 1000;

    private final UnifiedJedis redis;
    private final RedisKeys keys;

    public QueueStats(UnifiedJedis redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    public record Depth(String queue, String priority, long jobs, long ready, long inflight, long delayed, long dead) {
    }

    /** One row per known queue and priority, in a fixed order (queues by name, then high, normal, low). */
    public List<Depth> depths() {
        Map<String, long[]> rows = new LinkedHashMap<>();
        for (String queue : new TreeSet<>(Profiles.all().values().stream().map(Profile::queue).toList())) {
            for (Priority priority : Priority.values()) {
                rows.put(queue + "|" + priority.wire(), new long[5]);
            }
        }
        countActive(rows);
        countDead(rows);
        List<Depth> depths = new ArrayList<>();
        rows.forEach((key, v) -> {
            String[] parts = key.split("\\|");
            depths.add(new Depth(parts[0], parts[1], v[0], v[1], v[2], v[3], v[4]));
        });
        return depths;
    }

    private void countActive(Map<String, long[]> rows) {
        List<String> ids = new ArrayList<>(redis.smembers(keys.activeJobs()));
        List<Response<List<String>>> meta = new ArrayList<>();
        List<Response<Long>> counts = new ArrayList<>();
        try (AbstractPipeline pipeline = redis.pipelined()) {
            for (String id : ids) {
                meta.add(pipeline.hmget(keys.job(id), "queue", "priority"));
                counts.add(pipeline.zcard(keys.ready(id)));
                counts.add(pipeline.zcard(keys.inflight(id)));
                counts.add(pipeline.zcard(keys.delayed(id)));
            }
            pipeline.sync();
        }
        for (int i = 0; i < ids.size(); i++) {
            long[] row = rows.get(meta.get(i).get().get(0) + "|" + meta.get(i).get().get(1));
            if (row == null) {
                continue; // a job deleted meanwhile, or an unknown queue
            }
            long ready = counts.get(3 * i).get();
            row[0] += ready > 0 ? 1 : 0;
            row[1] += ready;
            row[2] += counts.get(3 * i + 1).get();
            row[3] += counts.get(3 * i + 2).get();
        }
    }

    private void countDead(Map<String, long[]> rows) {
        List<String> ids = redis.zrevrange(keys.jobs(), 0, RECENT_JOBS - 1);
        List<Response<List<String>>> meta = new ArrayList<>();
        List<Response<Long>> dead = new ArrayList<>();
        try (AbstractPipeline pipeline = redis.pipelined()) {
            for (String id : ids) {
                meta.add(pipeline.hmget(keys.job(id), "queue", "priority", "state"));
                dead.add(pipeline.llen(keys.dead(id)));
            }
            pipeline.sync();
        }
        for (int i = 0; i < ids.size(); i++) {
            List<String> m = meta.get(i).get();
            long[] row = rows.get(m.get(0) + "|" + m.get(1));
            if (row != null && "failed".equals(m.get(2))) {
                row[4] += dead.get(i).get();
            }
        }
    }
}
