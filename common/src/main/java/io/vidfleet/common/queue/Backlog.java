package io.vidfleet.common.queue;

import io.vidfleet.common.redis.RedisKeys;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;

/**
 * The ready backlog of each queue as one sorted set, {@code vf:queue:QUEUE:backlog}, whose length is the
 * number of tasks waiting for a worker on that queue: what an autoscaler reads (KEDA's Redis scaler runs
 * ZCARD on it). Members are {@code JOB/TASK}, all scored 0, so one job's members form one lexicographic
 * range.
 *
 * <p>A job's ready set lives in the job's cluster slot and the backlog in the queue's, and a script may
 * touch only one slot; so the queue operations update the backlog right after their script, and the
 * reaper repairs what a process that died in between left wrong: it compares each active job's ready
 * count with its members (ZLEXCOUNT, no scan) and rebuilds a job's members only when they differ.
 */
public final class Backlog {
    private static final int MAX_REMEMBERED = 10_000;

    private final UnifiedJedis redis;
    private final RedisKeys keys;
    /** A job's queue never changes: looked up once per job. */
    private final Map<String, String> queueOfJob = new ConcurrentHashMap<>();

    public Backlog(UnifiedJedis redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    /** Tasks of a job became ready. */
    public void added(String jobId, Collection<String> taskIds) {
        String queue = queueOf(jobId);
        if (queue != null && !taskIds.isEmpty()) {
            redis.zadd(keys.backlog(queue), taskIds.stream().collect(Collectors.toMap(t -> member(jobId, t), t -> 0.0, (a, b) -> a)));
        }
    }

    /** The backlog key of the job's queue, or null when the job's queue is unknown. */
    String keyOf(String jobId) {
        String queue = queueOf(jobId);
        return queue == null ? null : keys.backlog(queue);
    }

    /** What the job's members start with: a script that updates the backlog appends the task id. */
    static String memberPrefix(String jobId) {
        return member(jobId, "");
    }

    /** A task was claimed: it waits no longer. */
    public void removed(String jobId, String taskId) {
        String queue = queueOf(jobId);
        if (queue != null) {
            redis.zrem(keys.backlog(queue), member(jobId, taskId));
        }
    }

    /** None of the job's tasks waits any more (it failed, was cancelled or deleted). */
    public void cleared(String jobId) {
        String queue = queueOf(jobId);
        if (queue != null) {
            cleared(queue, jobId);
        }
    }

    public void cleared(String queue, String jobId) {
        redis.zremrangeByLex(keys.backlog(queue), first(jobId), pastLast(jobId));
    }

    /** How many of the job's tasks the backlog counts. */
    public long count(String queue, String jobId) {
        return redis.zlexcount(keys.backlog(queue), first(jobId), pastLast(jobId));
    }

    /** Makes the job's members equal its ready set (after a process died between a script and its update). */
    public void rebuild(String queue, String jobId) {
        Set<String> ready = redis.zrange(keys.ready(jobId), 0, -1).stream()
                .map(taskId -> member(jobId, taskId)).collect(Collectors.toSet());
        Set<String> counted = new HashSet<>(redis.zrangeByLex(keys.backlog(queue), first(jobId), pastLast(jobId)));
        List<String> stale = counted.stream().filter(m -> !ready.contains(m)).toList();
        Map<String, Double> missing = ready.stream().filter(m -> !counted.contains(m)).collect(Collectors.toMap(m -> m, m -> 0.0));
        if (!stale.isEmpty()) {
            redis.zrem(keys.backlog(queue), stale.toArray(String[]::new));
        }
        if (!missing.isEmpty()) {
            redis.zadd(keys.backlog(queue), missing);
        }
    }

    /** Removes the members of jobs that are no longer active (their job ended while its members stayed). */
    public int removeEnded(String queue, Set<String> activeJobs) {
        Map<String, List<String>> byJob = redis.zrange(keys.backlog(queue), 0, -1).stream()
                .collect(Collectors.groupingBy(Backlog::jobOf));
        // a job created after the caller listed the active ones is active too: asked again, now
        List<String> ended = byJob.entrySet().stream()
                .filter(e -> !activeJobs.contains(e.getKey()) && !redis.sismember(keys.activeJobs(), e.getKey()))
                .flatMap(e -> e.getValue().stream()).toList();
        if (!ended.isEmpty()) {
            redis.zrem(keys.backlog(queue), ended.toArray(String[]::new));
        }
        return ended.size();
    }

    public long size(String queue) {
        return redis.zcard(keys.backlog(queue));
    }

    /** The backlog of each queue, read in one pipeline. */
    public Map<String, Long> sizes(Collection<String> queues) {
        Map<String, Response<Long>> replies = new LinkedHashMap<>();
        try (AbstractPipeline pipeline = redis.pipelined()) {
            queues.forEach(queue -> replies.put(queue, pipeline.zcard(keys.backlog(queue))));
            pipeline.sync();
        }
        Map<String, Long> sizes = new LinkedHashMap<>();
        replies.forEach((queue, reply) -> sizes.put(queue, reply.get()));
        return sizes;
    }

    /** Remembers a job's queue (its creator knows it), sparing the lookup. */
    public void remember(String jobId, String queue) {
        if (queueOfJob.size() >= MAX_REMEMBERED) {
            queueOfJob.clear();
        }
        queueOfJob.put(jobId, queue);
    }

    private String queueOf(String jobId) {
        String queue = queueOfJob.get(jobId);
        if (queue == null) {
            queue = redis.hget(keys.job(jobId), "queue");
            if (queue != null) {
                remember(jobId, queue);
            }
        }
        return queue;
    }

    static String member(String jobId, String taskId) {
        return jobId + "/" + taskId;
    }

    private static String jobOf(String member) {
        int slash = member.indexOf('/');
        return slash < 0 ? member : member.substring(0, slash);
    }

    /** Job ids hold no '/', and '0' follows '/': [JOB/, JOB0) holds exactly the job's members. */
    private static String first(String jobId) {
        return "[" + jobId + "/";
    }

    private static String pastLast(String jobId) {
        return "(" + jobId + "0";
    }
}
