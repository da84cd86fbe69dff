package io.vidfleet.common.queue;

import io.vidfleet.common.error.LeaseLostException;
import io.vidfleet.common.jobs.Ids;
import io.vidfleet.common.jobs.TaskSpec;
import io.vidfleet.common.json.Json;
import io.vidfleet.common.redis.LuaScript;
import io.vidfleet.common.redis.RedisKeys;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * The queue primitives on one job's tasks, each one atomic Lua script on the job's slot: claim under a
 * lease with a fencing token, extend, complete, fail (retry or dead-letter), reap expired leases.
 */
public final class TaskQueue {
    private static final Logger log = LoggerFactory.getLogger(TaskQueue.class);
    private static final LuaScript CLAIM = LuaScript.load("claim");
    private static final LuaScript EXTEND = LuaScript.load("extend");
    private static final LuaScript COMPLETE = LuaScript.load("complete");
    private static final LuaScript FAIL = LuaScript.load("fail");
    private static final LuaScript REAP = LuaScript.load("reap");
    private static final LuaScript RELEASE = LuaScript.load("release");

    private final UnifiedJedis redis;
    private final RedisKeys keys;

    public TaskQueue(UnifiedJedis redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    public ClaimOutcome claim(String jobId, String workerId) {
        List<?> reply = (List<?>) CLAIM.run(redis, List.of(keys.job(jobId)), List.of(workerId));
        String status = (String) reply.get(0);
        return switch (status) {
            case "ok" -> claimed(jobId, reply);
            case "empty" -> new ClaimOutcome(ClaimOutcome.Status.EMPTY, null);
            case "drained" -> new ClaimOutcome(ClaimOutcome.Status.DRAINED, null);
            default -> new ClaimOutcome(ClaimOutcome.Status.INACTIVE, null);
        };
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
            FAIL.run(redis, List.of(keys.job(jobId)), List.of(taskId, (String) reply.get(2),
                    oneLine("invalid task record: " + e.getMessage()), "0", "0"));
            return new ClaimOutcome(ClaimOutcome.Status.EMPTY, null);
        }
    }

    /** Extends the lease by its full length, or throws {@link LeaseLostException} saying why not. */
    public void extend(ClaimedTask task) {
        List<?> reply = (List<?>) EXTEND.run(redis, List.of(keys.job(task.jobId())),
                List.of(task.taskId(), Long.toString(task.token())));
        if (!"ok".equals(reply.get(0))) {
            throw new LeaseLostException("lease on " + task.jobId() + "/" + task.taskId() + " lost: " + reply.get(1));
        }
    }

    public Completion complete(ClaimedTask task, String resultKey) {
        List<?> reply = (List<?>) COMPLETE.run(redis, List.of(keys.job(task.jobId())),
                List.of(task.taskId(), Long.toString(task.token()), resultKey));
        if ("accepted".equals(reply.get(0))) {
            return new Completion(true, "last".equals(reply.get(1)), null);
        }
        return new Completion(false, false, (String) reply.get(1));
    }

    /** Reports a failed attempt: retried after {@code backoff}, dead-lettered, or rejected as stale. */
    public FailureOutcome fail(ClaimedTask task, String reason, boolean retryable, Duration backoff) {
        List<?> reply = (List<?>) FAIL.run(redis, List.of(keys.job(task.jobId())),
                List.of(task.taskId(), Long.toString(task.token()), oneLine(reason), retryable ? "1" : "0",
                        Long.toString(backoff.toMillis())));
        return switch ((String) reply.get(0)) {
            case "retry" -> FailureOutcome.RETRY;
            case "dead" -> FailureOutcome.DEAD;
            default -> FailureOutcome.REJECTED;
        };
    }

    /** Gives the task back at once without counting the attempt; false when the lease was already gone. */
    public boolean release(ClaimedTask task) {
        Object released = RELEASE.run(redis, List.of(keys.job(task.jobId())), List.of(task.taskId(), Long.toString(task.token())));
        return Long.valueOf(1).equals(released);
    }

    /** Returns expired and due tasks of the job to ready; returns how many became ready. */
    public ReapResult reap(String jobId) {
        List<?> reply = (List<?>) REAP.run(redis, List.of(keys.job(jobId)), List.of());
        return new ReapResult(((Long) reply.get(0)).intValue(), ((Long) reply.get(2)).intValue());
    }

    public enum FailureOutcome { RETRY, DEAD, REJECTED }

    /** {@code madeReady} tasks went back to ready; {@code ready} tasks wait now. */
    public record ReapResult(int madeReady, int ready) {
    }

    private static String oneLine(String text) {
        String line = text == null ? "unknown error" : text.replace('\n', ' ').strip();
        return line.length() > 500 ? line.substring(0, 500) + "..." : line;
    }
}
