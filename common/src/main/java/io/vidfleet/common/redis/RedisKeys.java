package io.vidfleet.common.redis;

import io.vidfleet.common.error.BadInputException;
import io.vidfleet.common.jobs.Priority;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Every Redis key vidfleet uses, in one place (the README's key table is this class).
 *
 * <p>A job's keys all carry its id as a hash tag ({@code vf:job:{ID}...}) so that each Lua script
 * touches one Redis Cluster slot. The per-job suffixes below are written here only: the scripts get
 * every key they touch in KEYS ({@link #jobKeys} in a fixed order, then task keys), never build one.
 * Queue, index and lock keys are single keys of their own.
 *
 * <p>The prefix ({@code vf} unless configured with {@code --key-prefix} or {@code VIDFLEET_KEY_PREFIX})
 * separates clusters that share one Redis; tests use a prefix of their own.
 */
public final class RedisKeys {
    public static final String READY = ":ready";
    public static final String INFLIGHT = ":inflight";
    public static final String DELAYED = ":delayed";
    public static final String DEAD = ":dead";
    public static final String TASKS = ":tasks";
    public static final String LOG = ":log";
    public static final String NOTES = ":notes";
    public static final String STITCH = ":stitch";
    public static final String FINAL_EVENT = ":final-event";
    public static final String TASK = ":task:";
    public static final String PROGRESS = ":progress";
    public static final String WEBHOOKS = ":webhooks";

    public static final String DEFAULT_PREFIX = "vf";
    /** System property or environment variable that sets the prefix (the property wins). */
    public static final String PREFIX_VARIABLE = "VIDFLEET_KEY_PREFIX";
    private static final Pattern VALID_PREFIX = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}");
    /** How many keys {@link #jobKeys} returns: every script on a job gets them as KEYS[1..8]. */
    public static final int JOB_KEY_COUNT = 8;

    /**
     * How many jobs' key names are kept once made: a worker names the keys of the job it serves on every script
     * call, and making them anew (nine strings) was 1.6 KB of the 25 KB that {@code bench queue} allocated per task.
     */
    static final int NAMED_JOBS_KEPT = 256;

    private final String prefix;
    private final Map<String, JobNames> namedJobs = new ConcurrentHashMap<>();

    /** A job's keys in script order and the prefix of its tasks' hashes. */
    private record JobNames(List<String> keys, String taskPrefix) {
    }

    /** Keys under the configured prefix ({@value #PREFIX_VARIABLE}, else {@value #DEFAULT_PREFIX}). */
    public RedisKeys() {
        this(configuredPrefix());
    }

    public RedisKeys(String prefix) {
        if (prefix == null || !VALID_PREFIX.matcher(prefix).matches()) {
            throw new BadInputException("bad key prefix '" + prefix + "': use 1-64 letters, digits, '_', '.', ':' or '-'");
        }
        this.prefix = prefix;
    }

    /** The prefix set by the {@value #PREFIX_VARIABLE} system property or environment variable, else the default. */
    public static String configuredPrefix() {
        String value = System.getProperty(PREFIX_VARIABLE);
        if (value == null || value.isBlank()) {
            value = System.getenv(PREFIX_VARIABLE);
        }
        return value == null || value.isBlank() ? DEFAULT_PREFIX : value.strip();
    }

    public String prefix() {
        return prefix;
    }

    /**
     * Every per-job key in the order the Lua scripts expect them (KEYS[1..8]): hash, ready, inflight,
     * delayed, dead, tasks, log, stitch lease.
     */
    public List<String> jobKeys(String jobId) {
        return List.copyOf(jobKeys(jobId, List.of()));
    }

    /**
     * {@link #jobKeys} followed by the hash of each given task (the scripts' KEYS[9..]). Every script call
     * builds these: the job's names are made once and kept (for up to {@link #NAMED_JOBS_KEPT} jobs), the same names as
     * below.
     */
    public List<String> jobKeys(String jobId, List<String> taskIds) {
        JobNames names = named(jobId);
        List<String> all = new ArrayList<>(JOB_KEY_COUNT + taskIds.size());
        all.addAll(names.keys());
        for (String taskId : taskIds) {
            all.add(names.taskPrefix() + taskId);
        }
        return all;
    }

    private JobNames named(String jobId) {
        JobNames names = jobId == null ? null : namedJobs.get(jobId);
        if (names == null) {
            String job = job(jobId);
            names = new JobNames(List.of(job, job + READY, job + INFLIGHT, job + DELAYED, job + DEAD, job + TASKS, job + LOG,
                    job + STITCH), job + TASK);
            if (jobId != null) {
                if (namedJobs.size() >= NAMED_JOBS_KEPT) {
                    namedJobs.clear(); // bounded, not ordered: the jobs in use are named again on their next call
                }
                namedJobs.put(jobId, names);
            }
        }
        return names;
    }

    /** How many jobs' key names are kept now (at most {@link #NAMED_JOBS_KEPT}). */
    int namedJobsKept() {
        return namedJobs.size();
    }

    /** Sorted set: every job id, scored by its creation time in ms. */
    public String jobs() {
        return prefix + ":jobs";
    }

    /** Set: ids of jobs not yet done, failed or cancelled (what reapers and coordinators scan). */
    public String activeJobs() {
        return prefix + ":jobs:active";
    }

    /** Sorted set: ended jobs scored by when their retention runs out (ms); the coordinator purges what is due. */
    public String jobExpiry() {
        return prefix + ":jobs:expiry";
    }

    /**
     * Sorted set: ids read from the active set whose records failed to parse, scored by when (ms): an
     * operator looks at them. Bounded by {@code Quarantine.Limits} (oldest dropped first).
     */
    public String quarantined() {
        return prefix + ":jobs:quarantined";
    }

    /** Hash: a job's state, counters, settings, reason and output. */
    public String job(String jobId) {
        return prefix + ":job:{" + jobId + "}";
    }

    /** Sorted set: the job's tasks waiting for a worker, longest chunk first. */
    public String ready(String jobId) {
        return job(jobId) + READY;
    }

    /** Sorted set: claimed tasks scored by their lease deadline (Redis time, ms). */
    public String inflight(String jobId) {
        return job(jobId) + INFLIGHT;
    }

    /** Sorted set: failed tasks waiting out their backoff, scored by retry time (Redis time, ms). */
    public String delayed(String jobId) {
        return job(jobId) + DELAYED;
    }

    /** List: dead-lettered task ids. */
    public String dead(String jobId) {
        return job(jobId) + DEAD;
    }

    /** List: every task id of the job, in plan order. */
    public String tasks(String jobId) {
        return job(jobId) + TASKS;
    }

    /** Hash: one task's spec, state, attempts, token, worker, lease deadline, result and history. */
    public String task(String jobId, String taskId) {
        return job(jobId) + TASK + taskId;
    }

    /** Stream: the job's own event log (claims, completions, retries, expiries), capped near 1000. */
    public String log(String jobId) {
        return job(jobId) + LOG;
    }

    /** String with expiry: the coordinator holding the job's stitch. */
    /** The job's notes for its user: what was done differently from the plain path, and why (a list). */
    public String notes(String jobId) {
        return job(jobId) + NOTES;
    }

    public String finalEventClaim(String jobId) {
        return job(jobId) + FINAL_EVENT;
    }

    public String stitchLease(String jobId) {
        return job(jobId) + STITCH;
    }

    /** Sorted set: jobs with work for one queue at one priority, scored by creation time (FIFO by job). */
    public String queue(String queue, Priority priority) {
        return prefix + ":queue:" + queue + ":" + priority.wire();
    }

    /**
     * Sorted set: one member {@code JOB/TASK} per task waiting on a queue, so its length is the queue's ready
     * backlog (what KEDA's Redis scaler reads). A key of its own: valid on Redis Cluster.
     */
    public String backlog(String queue) {
        return prefix + ":queue:" + queue + ":backlog";
    }

    /** List: wake-up signals for the workers blocked on a queue (one per task made ready, trimmed). */
    public String queueSignal(String queue) {
        return prefix + ":queue:" + queue + ":signal";
    }

    /** List: wake-up signals for coordinators (a job became ready to stitch). */
    public String stitchSignal() {
        return prefix + ":stitch:signal";
    }

    /** Stream and pub/sub channel: job-level events (submitted, done, failed, cancelled). */
    public String events() {
        return prefix + ":events";
    }

    /** String with expiry: whoever runs the reaper now (one at a time cluster-wide). */
    public String reaperLock() {
        return prefix + ":reaper:lock";
    }

    /** Sorted set: jobs whose creation began, scored by its start (ms); a submit that died leaves its id here. */
    public String creatingJobs() {
        return prefix + ":jobs:creating";
    }

    /**
     * String with expiry: an idempotency key's job, as {@code pending|created JOB FINGERPRINT} (pending while
     * the submit that reserved it creates the job).
     */
    public String idempotency(String key) {
        return prefix + ":idem:" + key;
    }

    /** Hash with expiry: a live worker or coordinator, refreshed by its heartbeat. */
    public String process(String processId) {
        return prefix + ":process:" + processId;
    }

    /** Hash: one job's completion webhooks: {@code urls} (JSON array) and an optional per-job {@code secret}. */
    public String jobWebhooks(String jobId) {
        return job(jobId) + WEBHOOKS;
    }

    /** Hash: per-chunk progress of a job's running tasks, field TASK -> JSON {token, worker, frames, fps, at}. */
    public String progress(String jobId) {
        return job(jobId) + PROGRESS;
    }

    /**
     * The base of every webhook delivery key. They all share the hash tag {@code {webhook}}, so each
     * delivery script touches one cluster slot; the scripts get every key in KEYS from the methods below.
     */
    private String webhooks() {
        return prefix + ":{webhook}";
    }

    /** Set: endpoint hosts (host:port) with deliveries waiting or in flight. */
    public String webhookHosts() {
        return webhooks() + ":hosts";
    }

    /** Sorted set: one endpoint host's waiting deliveries, scored by when they are due (ms, Redis time). */
    public String webhookQueue(String host) {
        return webhooks() + ":host:" + host;
    }

    /** Sorted set: one endpoint host's deliveries being sent, scored by lease deadline (ms, Redis time). */
    public String webhookInflight(String host) {
        return webhookQueue(host) + INFLIGHT;
    }

    /** Hash: one delivery (event id, url, body, state, attempts, last status and error, times). */
    public String webhookDelivery(String deliveryId) {
        return webhooks() + ":delivery:" + deliveryId;
    }

    /** Sorted set: every delivery by creation time (what {@code vidfleet webhooks} lists). */
    public String webhookDeliveries() {
        return webhooks() + ":all";
    }

    /** Sorted set: dead-lettered deliveries by the time they died. */
    public String webhookDead() {
        return webhooks() + DEAD;
    }

    /** List: wake-ups for the coordinators' delivery loops. */
    public String webhookSignal() {
        return webhooks() + ":signal";
    }


    /** Hash: the storages coordinators use, marker id to description; a worker's storage must hold one of them. */
    public String storages() {
        return prefix + ":storages";
    }
}
