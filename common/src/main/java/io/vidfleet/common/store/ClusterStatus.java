package io.vidfleet.common.store;

import io.vidfleet.common.jobs.Priority;
import io.vidfleet.common.profile.Profiles;
import io.vidfleet.common.redis.RedisKeys;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;

/**
 * Read-only views of the cluster as a whole, straight from Redis: live processes, queue depths per
 * priority, dead letters. Each is a few pipelined reads; nothing is cached or written.
 */
public final class ClusterStatus {
    /** How many of the newest jobs are looked at for dead letters (failed jobs leave the active set). */
    public static final int RECENT_JOBS = 500;

    private final UnifiedJedis redis;
    private final RedisKeys keys;

    public ClusterStatus(JobStore store) {
        this.redis = store.redis();
        this.keys = store.keys();
    }

    /** Live workers and coordinators (their presence hash has not expired), with the leases each holds now. */
    public List<ProcessStatus> processes() {
        return processes(leasesByWorker());
    }

    /** The slots of the live workers that serve {@code queue} (at least 1): how many of its chunks run at once. */
    public int liveSlots(String queue) {
        int slots = processes(Map.of()).stream().filter(p -> "worker".equals(p.role()) && p.queues().contains(queue))
                .mapToInt(ProcessStatus::slots).sum();
        return Math.max(1, slots);
    }

    private List<ProcessStatus> processes(Map<String, List<String>> leases) {
        String prefix = keys.process("");
        // SCAN may return a key twice
        List<String> presence = new ArrayList<>(new LinkedHashSet<>(
                redis.scanIteration(200, keys.process("*")).collect(new ArrayList<>())));
        List<Response<Map<String, String>>> hashes = new ArrayList<>();
        try (AbstractPipeline pipeline = redis.pipelined()) {
            presence.forEach(key -> hashes.add(pipeline.hgetAll(key)));
            pipeline.sync();
        }
        List<ProcessStatus> processes = new ArrayList<>();
        for (int i = 0; i < presence.size(); i++) {
            Map<String, String> h = hashes.get(i).get();
            if (h.isEmpty()) {
                continue; // expired between the scan and the read
            }
            String id = presence.get(i).substring(prefix.length());
            String queues = h.getOrDefault("queues", "");
            processes.add(new ProcessStatus(id, h.getOrDefault("role", "unknown"), h.getOrDefault("host", hostOf(id)),
                    queues.isEmpty() ? List.of() : Arrays.asList(queues.split(",")), intOf(h.get("slots")),
                    intOf(h.get("busy")), intOf(h.get("completed")), instantOf(h.get("seen")),
                    leases.getOrDefault(id, List.of())));
        }
        processes.sort((a, b) -> a.id().compareTo(b.id()));
        return processes;
    }

    /** Process ids are {@code ROLE-HOST-PID-RANDOM} (see ProcessIds); the host may itself hold dashes. */
    public static String hostOf(String processId) {
        String[] parts = processId.split("-");
        return parts.length < 4 ? "" : String.join("-", Arrays.copyOfRange(parts, 1, parts.length - 2));
    }

    /** {@code JOB/TASK} of every in-flight task of the active jobs, by the worker holding its lease. */
    private Map<String, List<String>> leasesByWorker() {
        List<String> jobs = new ArrayList<>(redis.smembers(keys.activeJobs()));
        List<Response<List<String>>> inflight = new ArrayList<>();
        try (AbstractPipeline pipeline = redis.pipelined()) {
            jobs.forEach(job -> inflight.add(pipeline.zrange(keys.inflight(job), 0, -1)));
            pipeline.sync();
        }
        List<String> held = new ArrayList<>();
        List<Response<String>> owners = new ArrayList<>();
        try (AbstractPipeline pipeline = redis.pipelined()) {
            for (int i = 0; i < jobs.size(); i++) {
                for (String task : inflight.get(i).get()) {
                    held.add(jobs.get(i) + "/" + task);
                    owners.add(pipeline.hget(keys.task(jobs.get(i), task), "worker"));
                }
            }
            pipeline.sync();
        }
        Map<String, List<String>> byWorker = new LinkedHashMap<>();
        for (int i = 0; i < held.size(); i++) {
            String worker = owners.get(i).get();
            if (worker != null) {
                byWorker.computeIfAbsent(worker, w -> new ArrayList<>()).add(held.get(i));
            }
        }
        return byWorker;
    }

    /** Every known queue at every priority (zeros included), over the active and the newest jobs. */
    public List<QueueDepth> queues() {
        Map<String, long[]> totals = new LinkedHashMap<>();
        Set<String> queueNames = new LinkedHashSet<>();
        Profiles.all().values().forEach(p -> queueNames.add(p.queue()));
        for (JobCounts job : jobCounts(candidateJobs())) {
            queueNames.add(job.queue);
            long[] sum = totals.computeIfAbsent(job.queue + "\n" + job.priority.wire(), k -> new long[5]);
            boolean pending = job.ready + job.inflight + job.delayed > 0;
            sum[0] += pending ? 1 : 0;
            sum[1] += job.ready;
            sum[2] += job.inflight;
            sum[3] += job.delayed;
            sum[4] += job.dead;
        }
        List<QueueDepth> depths = new ArrayList<>();
        for (String queue : queueNames.stream().sorted().toList()) {
            for (Priority priority : Priority.values()) {
                long[] sum = totals.getOrDefault(queue + "\n" + priority.wire(), new long[5]);
                depths.add(new QueueDepth(queue, priority, (int) sum[0], sum[1], sum[2], sum[3], sum[4]));
            }
        }
        return depths;
    }

    /** Dead-lettered tasks of the newest failed jobs, newest job first. */
    public List<DeadLetter> deadLetters(int limit) {
        List<DeadLetter> letters = new ArrayList<>();
        for (JobCounts job : jobCounts(redis.zrevrange(keys.jobs(), 0, RECENT_JOBS - 1))) {
            if (job.dead == 0 || !"failed".equals(job.state)) {
                continue;
            }
            List<String> taskIds = redis.lrange(keys.dead(job.id), 0, -1);
            List<Response<Map<String, String>>> tasks = new ArrayList<>();
            try (AbstractPipeline pipeline = redis.pipelined()) {
                taskIds.forEach(task -> tasks.add(pipeline.hgetAll(keys.task(job.id, task))));
                pipeline.sync();
            }
            for (int i = 0; i < taskIds.size() && letters.size() < limit; i++) {
                Map<String, String> h = tasks.get(i).get();
                letters.add(new DeadLetter(job.id, taskIds.get(i), job.queue, intOf(h.get("attempts")),
                        h.getOrDefault("error", ""), h.getOrDefault("history", "[]"), job.finishedAt));
            }
            if (letters.size() >= limit) {
                break;
            }
        }
        return letters;
    }

    private List<String> candidateJobs() {
        Set<String> ids = new LinkedHashSet<>(redis.smembers(keys.activeJobs()));
        ids.addAll(redis.zrevrange(keys.jobs(), 0, RECENT_JOBS - 1));
        return new ArrayList<>(ids);
    }

    private List<JobCounts> jobCounts(List<String> jobIds) {
        List<Response<List<String>>> fields = new ArrayList<>();
        List<Response<Long>> counts = new ArrayList<>();
        try (AbstractPipeline pipeline = redis.pipelined()) {
            for (String id : jobIds) {
                fields.add(pipeline.hmget(keys.job(id), "queue", "priority", "state", "finishedAt"));
                counts.add(pipeline.zcard(keys.ready(id)));
                counts.add(pipeline.zcard(keys.inflight(id)));
                counts.add(pipeline.zcard(keys.delayed(id)));
                counts.add(pipeline.llen(keys.dead(id)));
            }
            pipeline.sync();
        }
        List<JobCounts> jobs = new ArrayList<>();
        for (int i = 0; i < jobIds.size(); i++) {
            List<String> f = fields.get(i).get();
            if (f.get(0) == null || f.get(2) == null) {
                continue; // gone, or not a job this build wrote
            }
            jobs.add(new JobCounts(jobIds.get(i), f.get(0), Priority.parse(f.get(1) == null ? "normal" : f.get(1)),
                    f.get(2), instantOf(f.get(3)), counts.get(4 * i).get(), counts.get(4 * i + 1).get(),
                    counts.get(4 * i + 2).get(), counts.get(4 * i + 3).get()));
        }
        return jobs;
    }

    private record JobCounts(String id, String queue, Priority priority, String state, Instant finishedAt,
                             long ready, long inflight, long delayed, long dead) {
    }

    private static int intOf(String value) {
        try {
            return value == null ? 0 : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Instant instantOf(String millis) {
        try {
            return millis == null || millis.isEmpty() ? null : Instant.ofEpochMilli(Long.parseLong(millis));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
