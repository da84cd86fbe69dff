package io.vidfleet.common.queue;

import io.vidfleet.common.error.LeaseLostException;
import io.vidfleet.common.jobs.Ids;
import io.vidfleet.common.jobs.TaskSpec;
import io.vidfleet.common.json.Json;
import io.vidfleet.common.redis.LuaScript;
import io.vidfleet.common.redis.QueueKeys;
import io.vidfleet.common.redis.RedisKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * The queue primitives on one job's tasks, each one atomic Lua script on the job's slot: claim under a
 * lease with a fencing token, extend, complete, fail (retry or dead-letter), reap expired leases.
 */
public final class TaskQueue {
    private static final Logger log = LoggerFactory.getLogger(TaskQueue.class);
    private static final LuaScript CLAIM = LuaScript.load("claim");
    private static final LuaScript EXTEND = LuaScript.load("extend");
    private static final LuaScript COMPLETE = LuaScript.load("complete");
    private static final LuaScript COMPLETE_CLAIM = LuaScript.load("complete_claim");
    private static final LuaScript FAIL = LuaScript.load("fail");
    private static final LuaScript REAP = LuaScript.load("reap");
    private static final LuaScript RELEASE = LuaScript.load("release");
    /**
     * The fewest ready tasks offered to one claim, and named by its reply for the next, beyond this process's
     * claims in flight (each of those may take one of them first); claims of other processes take some more, so
     * the margin doubles after a claim whose candidates were all taken and shrinks by one after one that found one.
     */
    public static final int CLAIM_CANDIDATE_MARGIN = 8;
    /** The best ready tasks a claim may take from (the head of the ready set); racing claimers spread over it. */
    public static final int CLAIM_HEAD = ClaimAttempt.HEAD;
    /** The widest head a claim that keeps missing spreads over. */
    public static final int CLAIM_HEAD_MOST = ClaimAttempt.HEAD_MOST;
    /** Where the ready set's new head starts in claim.lua's 'ok' reply. */
    private static final int CLAIM_REPLY_HEAD = 9;
    /** Jobs whose ready head this process remembers; an ended job's entry goes with the next clear. */
    private static final int MAX_REMEMBERED_HEADS = 10_000;
    /** Soonest in-flight deadlines and delayed retries looked at per reap of a job. */
    private static final int REAP_CANDIDATES = 64;

    private final UnifiedJedis redis;
    private final RedisKeys keys;
    private final Backlog backlog;
    /** Redis Cluster: a script may touch one slot only, so the backlog is updated after it. */
    private final boolean clustered;
    /** Per job, the head of its ready set as the last claim's reply named it: the next claim's candidates. */
    private final Map<String, List<String>> readyHeads = new ConcurrentHashMap<>();
    /** Script calls of this process that may claim, under way now. */
    private final AtomicInteger claimsInFlight = new AtomicInteger();
    /** Ready tasks offered beyond the claims in flight, as the misses of this process's claims taught it. */
    private final AtomicInteger margin = new AtomicInteger(CLAIM_CANDIDATE_MARGIN);

    public TaskQueue(UnifiedJedis redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
        this.backlog = new Backlog(redis, keys);
        this.clustered = redis instanceof JedisCluster;
    }

    /**
     * Claims the job's best ready task in one round trip when this process's last claim on the job
     * named the head of its ready set (the usual case), in two when it did not. Claimers that race offer
     * the same tasks and all but the first miss; a claimer that misses even with the head just read offers
     * a random few of it instead, over a wider head each time it misses again ({@link ClaimAttempt}), so that
     * racing claimers spread out rather than miss together again.
     */
    public ClaimOutcome claim(String jobId, String workerId) {
        int offered = startClaim();
        try {
            ClaimAttempt attempt = ClaimAttempt.first(readyHeads.getOrDefault(jobId, List.of()), offered);
            QueueKeys queueKeys = queueKeys(jobId);
            List<?> reply;
            int misses = 0;
            while (true) { // the script may only touch the tasks it is given: offer it some of the head it names
                reply = (List<?>) CLAIM.runOnJob(redis, keys, jobId, attempt.candidates(), queueKeys,
                        claimArgs(jobId, workerId, offered, attempt.head()));
                if (misses == 0) {
                    learn(attempt.candidates(), reply);
                }
                if (!"moved".equals(reply.get(0))) {
                    break;
                }
                attempt = attempt.afterMiss(++misses, ids(reply, 1), offered);
            }
            return outcome(jobId, reply);
        } finally {
            claimsInFlight.decrementAndGet();
        }
    }

    /**
     * Counts a claim in flight; returns how many ready tasks it offers: one for each claim of this process under
     * way (this one included) and a margin, so that racing claimers rarely all miss, and a lone one sends few keys.
     */
    private int startClaim() {
        return Math.min(CLAIM_HEAD, claimsInFlight.incrementAndGet() + margin.get());
    }

    /** A claim that offered candidates and found them all taken widens the margin; one that found one narrows it. */
    private void learn(List<String> offered, List<?> claimReply) {
        if (offered.isEmpty()) {
            return; // nothing remembered yet: a 'moved' here says nothing about racers
        }
        if ("moved".equals(claimReply.get(0))) {
            margin.updateAndGet(m -> Math.min(CLAIM_HEAD, 2 * m));
        } else if ("ok".equals(claimReply.get(0))) {
            margin.updateAndGet(m -> Math.max(CLAIM_CANDIDATE_MARGIN, m - 1));
        }
    }

    /**
     * On a single Redis the scripts keep the backlog too; in a cluster it lives in another slot. None for a job
     * whose queue is unknown (its record is gone): the script finds it inactive.
     */
    private QueueKeys queueKeys(String jobId) {
        String backlogKey = clustered ? null : backlog.keyOf(jobId);
        return backlogKey == null ? QueueKeys.NONE : QueueKeys.backlog(backlogKey);
    }

    /** claim_lib.lua's arguments. */
    private static List<String> claimArgs(String jobId, String workerId, int offered, int head) {
        return List.of(workerId, Integer.toString(head), Backlog.memberPrefix(jobId), Integer.toString(offered));
    }

    /** What a claim's reply (claim_lib.lua) means, its head remembered for the next claim on the job. */
    private ClaimOutcome outcome(String jobId, List<?> reply) {
        String status = (String) reply.get(0);
        switch (status) {
            case "ok" -> {
                rememberHead(jobId, ids(reply, CLAIM_REPLY_HEAD));
                if (clustered) {
                    backlog.removed(jobId, (String) reply.get(1));
                }
            }
            case "moved" -> rememberHead(jobId, ids(reply, 1));
            default -> readyHeads.remove(jobId);
        }
        return switch (status) {
            case "ok" -> claimed(jobId, reply);
            case "moved", "empty" -> new ClaimOutcome(ClaimOutcome.Status.EMPTY, null);
            case "drained" -> new ClaimOutcome(ClaimOutcome.Status.DRAINED, null);
            default -> new ClaimOutcome(ClaimOutcome.Status.INACTIVE, null);
        };
    }

    private void rememberHead(String jobId, List<String> head) {
        if (readyHeads.size() >= MAX_REMEMBERED_HEADS) {
            readyHeads.clear();
        }
        readyHeads.put(jobId, head);
    }

    private static List<String> ids(List<?> reply, int from) {
        List<String> ids = new ArrayList<>(reply.size() - from);
        for (int i = from; i < reply.size(); i++) {
            ids.add((String) reply.get(i));
        }
        return ids;
    }

    /** A claimed task whose record fails to parse (a crafted id, say) is dead-lettered, never run. */
    private ClaimOutcome claimed(String jobId, List<?> reply) {
        try {
            return new ClaimOutcome(ClaimOutcome.Status.CLAIMED, new ClaimedTask(Ids.requireJobId(jobId),
                    Json.read((String) reply.get(5), TaskSpec.class), Long.parseLong((String) reply.get(2)),
                    Integer.parseInt((String) reply.get(3)), Duration.ofMillis(Long.parseLong((String) reply.get(4))),
                    (String) reply.get(6), (String) reply.get(7), "started".equals(reply.get(8))));
        } catch (RuntimeException e) {
            String taskId = (String) reply.get(1);
            log.warn("job {}: task {} dead-lettered: invalid task record: {}", Ids.quoted(jobId), Ids.quoted(taskId), e.getMessage());
            FAIL.runOnJob(redis, keys, jobId, List.of(taskId), List.of((String) reply.get(2),
                    oneLine("invalid task record: " + e.getMessage()), "0", "0"));
            return new ClaimOutcome(ClaimOutcome.Status.EMPTY, null);
        }
    }

    /** Extends the lease by its full length, or throws {@link LeaseLostException} saying why not. */
    public void extend(ClaimedTask task) {
        List<?> reply = (List<?>) EXTEND.runOnJob(redis, keys, task.jobId(), List.of(task.taskId()),
                List.of(Long.toString(task.token())));
        if (!"ok".equals(reply.get(0))) {
            throw new LeaseLostException("lease on " + task.jobId() + "/" + task.taskId() + " lost: " + reply.get(1));
        }
    }

    public Completion complete(ClaimedTask task, String resultKey) {
        return complete(task, resultKey, -1);
    }

    /** Completes with the number of frames the result holds ({@code frames} < 0: as planned). */
    public Completion complete(ClaimedTask task, String resultKey, int frames) {
        return complete(task, resultKey, frames, null);
    }

    /**
     * As above, with {@code companion}'s reads in the same round trip (null: none); when its next claim would
     * go to this task's job first, the completion makes that claim in the same script call and hands the task
     * to {@code companion}. A completion whose reply is lost may so leave a claimed task behind, as a claim
     * whose reply is lost does: its lease runs out and the reaper gives it back.
     */
    public Completion complete(ClaimedTask task, String resultKey, int frames, RoundTripCompanion companion) {
        List<String> args = List.of(Long.toString(task.token()), resultKey, frames < 0 ? "" : Integer.toString(frames));
        List<?> reply = companion == null ? null : completeAlongWith(task, args, companion);
        if (reply == null) {
            reply = (List<?>) COMPLETE.runOnJob(redis, keys, task.jobId(), List.of(task.taskId()), args);
        }
        if ("accepted".equals(reply.get(0))) {
            // a retried completion may have been the last: waking a coordinator twice is harmless
            return new Completion(true, !"".equals(reply.get(1)), null);
        }
        return new Completion(false, false, (String) reply.get(1));
    }

    /** The completion's reply, {@code companion}'s replies delivered to it; null when Redis had lost the script. */
    private List<?> completeAlongWith(ClaimedTask task, List<String> args, RoundTripCompanion companion) {
        NextClaim next = clustered ? null : companion.nextClaim(); // in a cluster the indexes live in other slots
        if (next == null) {
            return completeWithReads(task, args, companion);
        }
        // the index the next claim reads does not go along: this call nearly always makes that claim, and the reads
        // would be thrown away (a claim after 'elsewhere' reads its own); the script alone needs no pipeline
        int offered = startClaim();
        ClaimAttempt attempt = ClaimAttempt.first(readyHeads.getOrDefault(task.jobId(), List.of()), offered);
        List<?> completion;
        try {
            completion = (List<?>) COMPLETE_CLAIM.runOnJob(redis, keys, task.jobId(), withFirst(task.taskId(), attempt.candidates()),
                    queueKeys(task.jobId()).withIndexes(next.indexKeys()), completeClaimArgs(task, args, next, offered, attempt.head()));
        } finally {
            claimsInFlight.decrementAndGet();
        }
        if (completion.size() > 2 && !"elsewhere".equals(completion.get(2))) {
            learn(attempt.candidates(), completion.subList(2, completion.size()));
            ClaimOutcome claimed = outcome(task.jobId(), completion.subList(2, completion.size()));
            if (claimed.claimed()) {
                companion.claimedAlong(claimed.task());
            }
        }
        return completion;
    }

    /** The plain completion with {@code companion}'s reads in the same round trip; null when Redis had lost the script. */
    private List<?> completeWithReads(ClaimedTask task, List<String> args, RoundTripCompanion companion) {
        Response<Object> reply;
        Runnable received;
        try (AbstractPipeline pipeline = redis.pipelined()) {
            reply = COMPLETE.runOnJob(pipeline, redis, keys, task.jobId(), List.of(task.taskId()), QueueKeys.NONE, args);
            received = companion.addTo(pipeline);
            pipeline.sync();
        }
        List<?> completion;
        try {
            completion = (List<?>) reply.get();
        } catch (JedisDataException e) {
            if (!COMPLETE.lostBy(e)) { // not loaded yet, or Redis restarted and lost it
                throw e;
            }
            return null; // this one runs the plain way, which loads the script
        }
        received.run();
        return completion;
    }

    private static List<String> withFirst(String first, List<String> rest) {
        List<String> all = new ArrayList<>(rest.size() + 1);
        all.add(first);
        all.addAll(rest);
        return all;
    }

    /** complete_claim.lua's arguments: the completion's, the claim's, the job's id. */
    private static List<String> completeClaimArgs(ClaimedTask task, List<String> completeArgs, NextClaim next, int offered,
                                                  int head) {
        List<String> args = new ArrayList<>(completeArgs);
        args.addAll(claimArgs(task.jobId(), next.workerId(), offered, head));
        args.add(task.jobId());
        return args;
    }

    /** Reports a failed attempt: retried after {@code backoff}, dead-lettered, or rejected as stale. */
    public FailureOutcome fail(ClaimedTask task, String reason, boolean retryable, Duration backoff) {
        List<?> reply = (List<?>) FAIL.runOnJob(redis, keys, task.jobId(), List.of(task.taskId()),
                List.of(Long.toString(task.token()), oneLine(reason), retryable ? "1" : "0",
                        Long.toString(backoff.toMillis())));
        if ("dead".equals(reply.get(0))) {
            backlog.cleared(task.jobId()); // the job failed: none of its tasks waits any more
        }
        return switch ((String) reply.get(0)) {
            case "retry" -> FailureOutcome.RETRY;
            case "dead" -> FailureOutcome.DEAD;
            default -> FailureOutcome.REJECTED;
        };
    }

    /**
     * Gives the task back at once without counting the attempt; false when the lease was already gone or
     * the job's at-most-once delivery made the task lost (and failed the job) instead.
     */
    public boolean release(ClaimedTask task) {
        Object released = RELEASE.runOnJob(redis, keys, task.jobId(), List.of(task.taskId()),
                List.of(Long.toString(task.token())));
        if (Long.valueOf(1).equals(released)) {
            backlog.added(task.jobId(), List.of(task.taskId()));
            return true;
        }
        return false;
    }

    /** Returns expired and due tasks of the job to ready; returns how many became ready. */
    public ReapResult reap(String jobId) {
        Response<List<String>> inflight;
        Response<List<String>> delayed;
        Response<Long> ready;
        try (AbstractPipeline pipeline = redis.pipelined()) {
            inflight = pipeline.zrange(keys.inflight(jobId), 0, REAP_CANDIDATES - 1);
            delayed = pipeline.zrange(keys.delayed(jobId), 0, REAP_CANDIDATES - 1);
            ready = pipeline.zcard(keys.ready(jobId));
            pipeline.sync();
        }
        List<String> candidates = new ArrayList<>(inflight.get());
        candidates.addAll(delayed.get());
        if (candidates.isEmpty()) {
            return new ReapResult(0, ready.get().intValue(), 0, false); // nothing could be due: no script run
        }
        List<?> reply = (List<?>) REAP.runOnJob(redis, keys, jobId, candidates, List.of());
        return new ReapResult(((Long) reply.get(0)).intValue(), ((Long) reply.get(2)).intValue(),
                reply.size() > 3 ? ((Long) reply.get(3)).intValue() : 0, "failed".equals(reply.get(1)));
    }

    public enum FailureOutcome { RETRY, DEAD, REJECTED }

    /**
     * {@code madeReady} tasks went back to ready; {@code ready} tasks wait now; {@code expiredLeases}
     * leases ran out; {@code jobFailed}: a task was given up (dead-lettered or lost) and the job failed.
     */
    public record ReapResult(int madeReady, int ready, int expiredLeases, boolean jobFailed) {
    }

    private static String oneLine(String text) {
        String line = text == null ? "unknown error" : text.replace('\n', ' ').strip();
        return line.length() > 500 ? line.substring(0, 500) + "..." : line;
    }
}
