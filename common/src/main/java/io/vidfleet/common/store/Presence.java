package io.vidfleet.common.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;

/**
 * Live workers and coordinators: each heartbeat refreshes the process's hash ({@code vf:process:ID},
 * with expiry) and its score in {@code vf:processes}, so they can be listed without scanning keys
 * (which a Redis Cluster cannot do in one call). Entries whose hash expired are dropped when listed.
 */
public final class Presence {
    private Presence() {
    }

    public static void register(JobStore store, String processId, long nowMillis) {
        store.redis().zadd(store.keys().processes(), nowMillis, processId);
    }

    /** One live process: its id and its presence hash (role, queues, slots, busy, tasks, seen, ...). */
    public record Process(String id, Map<String, String> fields) {
        public String role() {
            return fields.getOrDefault("role", "?");
        }
    }

    /** Every live process, workers and coordinators, ordered by id. */
    public static List<Process> list(JobStore store) {
        UnifiedJedis redis = store.redis();
        List<String> ids = new ArrayList<>(redis.zrange(store.keys().processes(), 0, -1));
        ids.sort(null);
        List<Response<Map<String, String>>> hashes = new ArrayList<>();
        try (AbstractPipeline pipeline = redis.pipelined()) {
            ids.forEach(id -> hashes.add(pipeline.hgetAll(store.keys().process(id))));
            pipeline.sync();
        }
        List<Process> live = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            Map<String, String> fields = hashes.get(i).get();
            if (fields.isEmpty()) {
                redis.zrem(store.keys().processes(), ids.get(i)); // its heartbeat stopped: the hash expired
            } else {
                live.add(new Process(ids.get(i), fields));
            }
        }
        return live;
    }
}
