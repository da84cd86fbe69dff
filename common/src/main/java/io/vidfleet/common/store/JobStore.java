package io.vidfleet.common.store;

import io.vidfleet.common.error.BadInputException;
import io.vidfleet.common.error.InvalidRecordException;
import io.vidfleet.common.jobs.Ids;
import io.vidfleet.common.error.NotFoundException;
import io.vidfleet.common.error.VidfleetException;
import io.vidfleet.common.jobs.JobRecord;
import io.vidfleet.common.jobs.JobState;
import io.vidfleet.common.jobs.Priority;
import io.vidfleet.common.jobs.TaskRecord;
import io.vidfleet.common.jobs.TaskSpec;
import io.vidfleet.common.json.Json;
import io.vidfleet.common.queue.Backlog;
import io.vidfleet.common.redis.LuaScript;
import io.vidfleet.common.redis.RedisConnector;
import io.vidfleet.common.redis.RedisKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.params.XReadParams;
import redis.clients.jedis.params.ZAddParams;
import redis.clients.jedis.resps.StreamEntry;

/** Jobs in Redis: creation, lookup, indexes, leases on a job's stitch, terminal moves and events. */
public final class JobStore {
    private static final Logger log = LoggerFactory.getLogger(JobStore.class);
    private static final LuaScript CREATE = LuaScript.load("create_job");
    private static final LuaScript CANCEL = LuaScript.load("cancel");
    private static final LuaScript FINISH = LuaScript.load("finish_job");
    private static final LuaScript RENEW = LuaScript.load("renew_lock");
    private static final LuaScript RELEASE_LOCK = LuaScript.load("release_lock");
    private static final LuaScript REQUEUE = LuaScript.load("requeue");
    /** Signals kept per queue: enough to wake every worker, bounded when nobody listens. */
    private static final int MAX_SIGNALS = 256;

    private final UnifiedJedis redis;
    private final UnifiedJedis blocking;
    private final RedisKeys keys;
    private final Backlog backlog;

    public JobStore(UnifiedJedis redis, RedisKeys keys) {
        this(redis, redis, keys);
    }

    /** {@code blocking} serves the blocking waits (BLPOP) alone, so they never hold a connection others need. */
    public JobStore(UnifiedJedis redis, UnifiedJedis blocking, RedisKeys keys) {
        this.redis = redis;
        this.blocking = blocking;
        this.keys = keys;
        this.backlog = new Backlog(redis, keys);
    }

    /** The per-queue ready backlog autoscalers read. */
    public Backlog backlog() {
        return backlog;
    }

    /**
     * Connects a process that runs {@code concurrency} loops: each may block in a wait, extend a lease and
     * report at once, besides the reaper, heartbeat and signals. Blocking waits get a pool of their own.
     */
    public static JobStore connect(String url, RedisKeys keys, int concurrency) {
        return connect(url, io.vidfleet.common.redis.RedisSecurity.none(), keys, concurrency);
    }

    /** As above, authenticating and trusting Redis as {@code security} says. */
    public static JobStore connect(String url, io.vidfleet.common.redis.RedisSecurity security, RedisKeys keys, int concurrency) {
        UnifiedJedis commands = RedisConnector.openPipelined(url, security, Math.max(RedisConnector.DEFAULT_CONNECTIONS, 2 * concurrency + 4));
        return new JobStore(commands, RedisConnector.open(url, security, concurrency + 1), keys);
    }

    /** The client for blocking waits (a pool of its own when connected with {@link #connect}). */
    public UnifiedJedis blocking() {
        return blocking;
    }

    public RedisKeys keys() {
        return keys;
    }

    public UnifiedJedis redis() {
        return redis;
    }

    /**
     * Creates the job and its tasks atomically, then indexes it and wakes workers. The indexes are
     * written after the job itself, so a crash in between leaves a job that the coordinator's
     * reconciliation indexes, never an index entry without a job.
     */
    public void create(JobDraft draft) {
        List<String> taskIds = draft.tasks().stream().map(TaskSpec::id).toList();
        long created = (Long) CREATE.runOnJob(redis, keys, draft.id(), taskIds, createArgs(draft));
        if (created == 0) {
            throw new VidfleetException("job " + draft.id() + " exists already");
        }
        backlog.remember(draft.id(), draft.queue());
        backlog.added(draft.id(), taskIds);
        indexCreated(draft.id(), draft.queue(), draft.priority(), created, draft.tasks().size());
        publish(new JobEvent(draft.id(), "submitted", JobState.QUEUED.wire(), null, draft.output()));
    }

    /** The bytes the job's record and tasks send to {@code create_job} (what a submit's size limit measures). */
    public static long recordBytes(JobDraft draft) {
        return createArgs(draft).stream().mapToLong(a -> a.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).sum();
    }

    private static List<String> createArgs(JobDraft draft) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", draft.id());
        fields.put("input", draft.input());
        fields.put("inputImported", draft.inputImported() ? "1" : "0");
        fields.put("output", draft.output());
        fields.put("profile", draft.profile());
        fields.put("queue", draft.queue());
        fields.put("priority", draft.priority().wire());
        fields.put("delivery", draft.delivery().wire());
        fields.put("leaseMs", draft.lease().toMillis());
        fields.put("maxAttempts", draft.maxAttempts());
        fields.put("chunkSeconds", draft.chunkLength().toMillis() / 1000.0);
        fields.put("source", Json.write(draft.source()));
        if (draft.idempotencyKey() != null) {
            fields.put("idempotencyKey", draft.idempotencyKey());
        }
        fields.put("overwrite", draft.overwrite() ? "1" : "0");
        if (draft.taskTimeout() != null) {
            fields.put("taskTimeoutMs", draft.taskTimeout().toMillis());
        }
        List<Map<String, Object>> tasks = new ArrayList<>();
        for (TaskSpec task : draft.tasks()) {
            tasks.add(Map.of("id", task.id(), "score", readyScore(task),
                    "fields", Map.of("id", task.id(), "kind", task.kind().name().toLowerCase(), "spec", Json.write(task))));
        }
        return List.of(Json.write(fields), Json.write(tasks));
    }

    /**
     * Puts a created job on the indexes and wakes workers: the step after {@code create_job}, also run by
     * {@link #reconcileHalfCreated} for a job whose submit died in between. Every write is idempotent.
     */
    public void indexCreated(String jobId, String queue, Priority priority, double createdAt, int tasks) {
        redis.zadd(keys.jobs(), createdAt, jobId);
        redis.sadd(keys.activeJobs(), jobId);
        redis.zadd(keys.queue(queue, priority), createdAt, jobId, ZAddParams.zAddParams().nx());
        signal(queue, tasks);
    }

    /**
     * Marks a job's creation as begun (before its input is copied), with the idempotency key it reserved
     * (or null), so that whatever a submit that dies leaves is cleaned up.
     */
    public void creationStarted(String jobId, String idempotencyKey, long atMillis) {
        redis.zadd(keys.creatingJobs(), atMillis, creatingMember(jobId, idempotencyKey));
    }

    /** Marks a job's creation as over (done or undone); false when a reconciler already took it over. */
    public boolean creationEnded(String jobId, String idempotencyKey) {
        return redis.zrem(keys.creatingJobs(), creatingMember(jobId, idempotencyKey)) == 1;
    }

    private static String creatingMember(String jobId, String idempotencyKey) {
        return idempotencyKey == null ? jobId : jobId + "|" + idempotencyKey;
    }

    /**
     * Finishes what submits that died left half done, for creations begun before {@code olderThan}: a job
     * whose record exists is indexed (and its idempotency key pointed at it); a job whose record never
     * came into being is forgotten, its idempotency key freed and {@code deleteFiles} called (a partial input
     * copy). Returns the ids it handled.
     */
    public List<String> reconcileHalfCreated(Duration olderThan, java.util.function.Consumer<String> deleteFiles) {
        List<String> handled = new ArrayList<>();
        long before = System.currentTimeMillis() - olderThan.toMillis();
        for (String member : redis.zrangeByScore(keys.creatingJobs(), "-inf", Long.toString(before))) {
            String jobId = member.contains("|") ? member.substring(0, member.indexOf('|')) : member;
            String idempotencyKey = member.contains("|") ? member.substring(member.indexOf('|') + 1) : null;
            Map<String, String> hash = redis.hgetAll(keys.job(jobId));
            if (!hash.isEmpty() && hash.get("createdAt") != null) {
                JobRecord job = JobRecord.fromHash(hash);
                backlog.remember(jobId, job.queue());
                backlog.added(jobId, redis.lrange(keys.tasks(jobId), 0, -1));
                indexCreated(jobId, job.queue(), job.priority(), Double.parseDouble(hash.get("createdAt")), job.tasksTotal());
                if (idempotencyKey != null) {
                    IdempotencyRecord pending = idempotency(idempotencyKey);
                    if (pending != null && pending.jobId().equals(jobId)) {
                        redis.set(keys.idempotency(idempotencyKey), pending.created().wire(),
                                SetParams.setParams().keepTtl());
                    }
                }
            } else {
                deleteFiles.accept(jobId);
                deleteJob(jobId, null, null);
                IdempotencyRecord pending = idempotencyKey == null ? null : idempotency(idempotencyKey);
                if (pending != null && pending.pending() && pending.jobId().equals(jobId)) {
                    releaseIdempotency(idempotencyKey, pending); // a retry with the key may create the job now
                }
            }
            redis.zrem(keys.creatingJobs(), member);
            handled.add(jobId);
        }
        return handled;
    }

    /** An idempotency key's record, or null. */
    public IdempotencyRecord idempotency(String key) {
        String value = redis.get(keys.idempotency(key));
        return value == null ? null : IdempotencyRecord.parse(value);
    }

    /** Reserves an idempotency key for a job about to be created; false when the key is taken. */
    public boolean reserveIdempotency(String key, IdempotencyRecord pending, Duration ttl) {
        return "OK".equals(redis.set(keys.idempotency(key), pending.wire(), SetParams.setParams().nx().px(ttl.toMillis())));
    }

    /** Points a reserved key at its created job, for {@code ttl}. */
    public void idempotencyCreated(String key, IdempotencyRecord created, Duration ttl) {
        redis.set(keys.idempotency(key), created.wire(), SetParams.setParams().px(ttl.toMillis()));
    }

    /** Frees a key this submit reserved (and only if it still holds it). */
    public void releaseIdempotency(String key, IdempotencyRecord pending) {
        RELEASE_LOCK.run(redis, List.of(keys.idempotency(key)), List.of(pending.wire()));
    }

    /** Longest chunk first (the straggler last is the worst order); the single audio task before all. */
    public static double readyScore(TaskSpec task) {
        return task.chunk() == null ? -1e12 : -task.chunk().durationSeconds();
    }

    public void index(String jobId, String queue, Priority priority, double createdAt) {
        redis.zadd(keys.queue(queue, priority), createdAt, jobId);
    }

    public void unindex(String jobId, String queue, Priority priority) {
        redis.zrem(keys.queue(queue, priority), jobId);
    }

    /** Wakes up to {@code count} workers blocked on the queue. */
    public void signal(String queue, int count) {
        if (count <= 0) {
            return;
        }
        String[] marks = new String[Math.min(count, MAX_SIGNALS)];
        java.util.Arrays.fill(marks, "1");
        redis.lpush(keys.queueSignal(queue), marks);
        redis.ltrim(keys.queueSignal(queue), 0, MAX_SIGNALS - 1);
    }

    /** Wakes a coordinator: the job is ready to stitch or has ended. */
    public void signalCoordinators(String jobId) {
        redis.lpush(keys.stitchSignal(), jobId);
        redis.ltrim(keys.stitchSignal(), 0, MAX_SIGNALS - 1);
    }

    public Optional<JobRecord> find(String jobId) {
        if (!Ids.valid(jobId)) {
            return Optional.empty(); // no such id can exist: a user's typo or a crafted name
        }
        Map<String, String> hash = redis.hgetAll(keys.job(jobId));
        return hash.isEmpty() ? Optional.empty() : Optional.of(JobRecord.fromHash(hash));
    }

    /**
     * The job a member of the active set names, checked: its id matches the pattern and the record's own
     * id is the member (a hash {@code vf:job:{evil}} claiming {@code id=..} is refused).
     */
    public Optional<JobRecord> findMember(String member) {
        Ids.requireJobId(member);
        Optional<JobRecord> job = find(member);
        if (job.isPresent() && !member.equals(job.get().id())) {
            throw new InvalidRecordException("record of job " + Ids.quoted(member) + " names itself " + Ids.quoted(job.get().id()));
        }
        return job;
    }

    public JobRecord get(String jobId) {
        return find(jobId).orElseThrow(() -> new NotFoundException("no such job: " + jobId));
    }

    /** The newest jobs first; a record that fails to parse is left out with a log line. */
    public List<JobRecord> list(int limit) {
        List<JobRecord> jobs = new ArrayList<>();
        for (String id : redis.zrevrange(keys.jobs(), 0, limit - 1)) {
            try {
                find(id).ifPresent(jobs::add);
            } catch (InvalidRecordException e) {
                log.warn("skipping job {}: {}", Ids.quoted(id), e.getMessage());
            }
        }
        return jobs;
    }

    /**
     * Takes a member of the active set that cannot be trusted (a malformed id, an unparsable record, a
     * record whose id is not its key's) out of every loop, keeping it in {@code vf:jobs:quarantined}
     * for an operator (within {@link Quarantine.Limits#DEFAULT}): it is logged once, never acted on again.
     */
    public void quarantine(String member, String reason) {
        Quarantine.add(redis, keys, member, reason, Quarantine.Limits.DEFAULT);
        redis.srem(keys.activeJobs(), member); // another slot than the quarantine: a command of its own
    }

    public List<String> activeJobIds() {
        return new ArrayList<>(redis.smembers(keys.activeJobs()));
    }

    public void markInactive(String jobId) {
        backlog.cleared(jobId);
        redis.srem(keys.activeJobs(), jobId);
    }

    /** The job's tasks in plan order, read in one pipeline (all in the job's slot). */
    public List<TaskRecord> tasks(String jobId) {
        return taskHashes(jobId).stream().map(TaskRecord::fromHash).toList();
    }

    /** The job's task hashes as stored (times included), in plan order, read in one pipeline. */
    public List<Map<String, String>> taskHashes(String jobId) {
        List<String> ids = redis.lrange(keys.tasks(jobId), 0, -1);
        List<Response<Map<String, String>>> hashes = new ArrayList<>();
        try (AbstractPipeline pipeline = redis.pipelined()) {
            ids.forEach(taskId -> hashes.add(pipeline.hgetAll(keys.task(jobId, taskId))));
            pipeline.sync();
        }
        List<Map<String, String>> tasks = new ArrayList<>();
        for (Response<Map<String, String>> hash : hashes) {
            if (!hash.get().isEmpty()) {
                tasks.add(hash.get());
            }
        }
        return tasks;
    }

    /** Cancels a job that has not ended; returns false when it had already ended. */
    public boolean cancel(String jobId, String reason) {
        List<?> reply;
        do { // a job's task list never changes once created; 'stale' only if it was created meanwhile
            reply = (List<?>) CANCEL.runOnJob(redis, keys, jobId, redis.lrange(keys.tasks(jobId), 0, -1), List.of(reason));
        } while ("stale".equals(reply.get(0)));
        if ("missing".equals(reply.get(0))) {
            throw new NotFoundException("no such job: " + jobId);
        }
        backlog.cleared(jobId);
        return "cancelled".equals(reply.get(0));
    }

    /**
     * Sends a failed job's unfinished tasks back to the queue; returns how many. Throws
     * {@link BadInputException} for a job that has not failed.
     */
    public int requeue(String jobId) {
        List<?> reply;
        do {
            reply = (List<?>) REQUEUE.runOnJob(redis, keys, jobId, redis.lrange(keys.tasks(jobId), 0, -1), List.of());
        } while ("stale".equals(reply.get(0)));
        switch ((String) reply.get(0)) {
            case "missing" -> throw new NotFoundException("no such job: " + jobId);
            case "not-failed" -> throw new BadInputException("job " + jobId + " is " + reply.get(1) + ", only a failed job can be requeued");
            default -> { }
        }
        int requeued = Integer.parseInt((String) reply.get(1));
        JobRecord job = get(jobId);
        redis.sadd(keys.activeJobs(), jobId);
        redis.zrem(keys.jobExpiry(), jobId); // running again: its retention starts when it ends again
        if (requeued > 0) {
            backlog.rebuild(job.queue(), jobId);
            index(jobId, job.queue(), job.priority(), job.createdAt().toEpochMilli());
            signal(job.queue(), requeued);
        } else {
            signalCoordinators(jobId);
        }
        publish(new JobEvent(jobId, "requeued", job.state().wire(), null, null));
        return requeued;
    }

    public boolean takeStitchLease(String jobId, String owner, Duration ttl) {
        return "OK".equals(redis.set(keys.stitchLease(jobId), owner, SetParams.setParams().nx().px(ttl.toMillis())));
    }

    /** Counts a stitch attempt of the job (its hash's {@code stitchAttempts}); returns this attempt's number. */
    public int beginStitch(String jobId) {
        return (int) redis.hincrBy(keys.job(jobId), "stitchAttempts", 1);
    }

    /** The error of the job's last failed stitch attempt. */
    public String stitchError(String jobId) {
        String error = redis.hget(keys.job(jobId), "stitchError");
        return error == null ? "unknown error" : error;
    }

    /** Records a failed stitch attempt and gives its lease up, so the next attempt need not wait for it to expire. */
    public void stitchFailed(String jobId, String owner, String error) {
        redis.hset(keys.job(jobId), "stitchError", error.replace('\n', ' '));
        RELEASE_LOCK.run(redis, List.of(keys.stitchLease(jobId)), List.of(owner));
    }

    /** The stitch lease is still {@code owner}'s (renewed) and the job still stitching. */
    public boolean stillStitching(String jobId, String owner, Duration ttl) {
        return renewStitchLease(jobId, owner, ttl)
                && JobState.STITCHING.wire().equals(redis.hget(keys.job(jobId), "state"));
    }

    public boolean renewStitchLease(String jobId, String owner, Duration ttl) {
        Object renewed = RENEW.run(redis, List.of(keys.stitchLease(jobId)), List.of(owner, Long.toString(ttl.toMillis())));
        return Long.valueOf(1).equals(renewed);
    }

    /** Moves a stitching job to done or failed, only for the holder of its stitch lease. */
    public boolean finish(String jobId, String owner, JobState outcome, String reason, String output) {
        List<?> reply = (List<?>) FINISH.runOnJob(redis, keys, jobId, List.of(),
                List.of(owner, outcome.wire(), reason == null ? "" : reason, output == null ? "" : output));
        return "ok".equals(reply.get(0));
    }

    /** Whether the job's final event went out (its hash's {@code notified}, set only after the event). */
    public boolean finalEventPublished(String jobId) {
        return redis.hexists(keys.job(jobId), "notified");
    }

    /**
     * Claims the right to publish the job's final event for {@code ttl}: coordinators that find the same job
     * ended at once would each publish it. A holder that dies lets it run out, and a later pass publishes.
     */
    public boolean claimFinalEvent(String jobId, String owner, Duration ttl) {
        return "OK".equals(redis.set(keys.finalEventClaim(jobId), owner, SetParams.setParams().nx().px(ttl.toMillis())));
    }

    /** Gives up {@code owner}'s claim once the event went out (or failed to: a later pass tries again). */
    public void releaseFinalEvent(String jobId, String owner) {
        RELEASE_LOCK.run(redis, List.of(keys.finalEventClaim(jobId)), List.of(owner));
    }

    /**
     * Publishes the job's final event at least once: it is marked as sent only after it went out, so a
     * failure in between makes the next try send it again, with the same {@code eventId} (job, state and
     * end time) for consumers to drop the repeat.
     */
    public void publishFinalEvent(JobRecord job, String output) {
        long ended = job.finishedAt() == null ? 0 : job.finishedAt().toEpochMilli();
        publish(new JobEvent(job.id(), job.state().wire(), job.state().wire(), job.reason(), output),
                job.id() + ":" + job.state().wire() + ":" + ended);
        redis.hset(keys.job(job.id()), "notified", "1");
    }

    public void publish(JobEvent event) {
        publish(event, event.job() + ":" + event.event() + ":" + System.currentTimeMillis());
    }

    /** Adds the event to the events stream and the channel, with {@code eventId} naming it for consumers. */
    public void publish(JobEvent event, String eventId) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("eventId", eventId);
        fields.put("job", event.job());
        fields.put("event", event.event());
        fields.put("state", event.state());
        if (event.reason() != null) {
            fields.put("reason", event.reason());
        }
        if (event.output() != null) {
            fields.put("output", event.output());
        }
        redis.xadd(keys.events(), XAddParams.xAddParams().maxLen(10_000).approximateTrimming(), fields);
        redis.publish(keys.events(), Json.write(fields));
    }

    /**
     * Records a note for the job's user (a stream ignored, chunks merged, timestamps replaced): kept
     * in the job's notes list and logged as a {@code note} event.
     */
    public void addNote(String jobId, String note) {
        redis.rpush(keys.notes(jobId), note);
        logEvent(jobId, "note", System.currentTimeMillis(), Map.of("note", note));
    }

    public List<String> notes(String jobId) {
        return redis.lrange(keys.notes(jobId), 0, -1);
    }

    /**
     * Adds an event from outside the queue scripts to the job's log stream (capped like theirs), with
     * {@code at} in ms: the submitter's probe and plan, the coordinator's stitch and verify.
     */
    public void logEvent(String jobId, String event, long atMillis, Map<String, String> more) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("at", Long.toString(atMillis));
        fields.put("event", event);
        fields.putAll(more);
        redis.xadd(keys.log(jobId), XAddParams.xAddParams().maxLen(1000).approximateTrimming(), fields);
    }

    /**
     * Waits up to {@code wait} for an entry after {@code afterId} in the job's log stream (every state
     * change writes one), so a waiter wakes when the job moves instead of at its next poll. Returns the
     * id of the newest entry seen ({@code afterId} when none came).
     */
    public String awaitLogAfter(String jobId, String afterId, Duration wait) {
        var entries = blocking.xread(XReadParams.xReadParams().block((int) Math.max(1, wait.toMillis())).count(1000),
                Map.of(keys.log(jobId), new StreamEntryID(afterId)));
        if (entries == null || entries.isEmpty()) {
            return afterId;
        }
        List<StreamEntry> seen = entries.get(0).getValue();
        return seen.isEmpty() ? afterId : seen.get(seen.size() - 1).getID().toString();
    }

    /** Deletes every key of a job (a submit that failed half way, or a test's cleanup). */
    public void deleteJob(String jobId, String queue, Priority priority) {
        List<String> taskIds = redis.lrange(keys.tasks(jobId), 0, -1);
        for (String taskId : taskIds) {
            redis.del(keys.task(jobId, taskId));
        }
        redis.del(keys.job(jobId), keys.ready(jobId), keys.inflight(jobId), keys.delayed(jobId), keys.dead(jobId),
                keys.tasks(jobId), keys.log(jobId), keys.stitchLease(jobId), keys.notes(jobId), keys.progress(jobId),
                keys.jobWebhooks(jobId), keys.finalEventClaim(jobId));
        redis.zrem(keys.jobs(), jobId);
        redis.srem(keys.activeJobs(), jobId);
        if (queue != null) {
            backlog.cleared(queue, jobId);
            unindex(jobId, queue, priority);
        }
    }
}
