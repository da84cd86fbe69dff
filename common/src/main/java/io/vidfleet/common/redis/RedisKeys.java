package io.vidfleet.common.redis;

import io.vidfleet.common.jobs.Priority;

/**
 * Every Redis key vidfleet uses, in one place (the README's key table is this class).
 *
 * <p>A job's keys all carry its id as a hash tag ({@code vf:job:{ID}...}) so that each Lua script
 * touches one Redis Cluster slot; the scripts derive the per-job keys from the job's hash key with
 * the suffixes below. Queue, index and lock keys are single keys of their own.
 */
public final class RedisKeys {
    public static final String READY = ":ready";
    public static final String INFLIGHT = ":inflight";
    public static final String DELAYED = ":delayed";
    public static final String DEAD = ":dead";
    public static final String TASKS = ":tasks";
    public static final String LOG = ":log";
    public static final String STITCH = ":stitch";
    public static final String TASK = ":task:";

    private final String prefix;

    public RedisKeys() {
        this("vf");
    }

    public RedisKeys(String prefix) {
        this.prefix = prefix;
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

    /** Set: ids read from the active set whose records failed to parse (an operator looks at them). */
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
    public String stitchLease(String jobId) {
        return job(jobId) + STITCH;
    }

    /** Sorted set: jobs with work for one queue at one priority, scored by creation time (FIFO by job). */
    public String queue(String queue, Priority priority) {
        return prefix + ":queue:" + queue + ":" + priority.wire();
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

    /** String: the job created for an idempotency key. */
    public String idempotency(String key) {
        return prefix + ":idem:" + key;
    }

    /** Hash with expiry: a live worker or coordinator, refreshed by its heartbeat. */
    public String process(String processId) {
        return prefix + ":process:" + processId;
    }
}
