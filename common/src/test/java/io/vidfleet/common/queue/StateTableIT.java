package io.vidfleet.common.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidfleet.common.jobs.JobState;
import io.vidfleet.common.jobs.TaskState;
import io.vidfleet.common.redis.LocalRedisServer;
import io.vidfleet.common.redis.RedisConnector;
import io.vidfleet.common.store.JobStore;
import io.vidfleet.testing.ScriptAudit;
import io.vidfleet.testing.TestJobs;
import io.vidfleet.testing.TestRedis;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.exceptions.JedisDataException;

/** The job and task state tables hold for every move the scripts make, as Redis saw them (MONITOR). */
class StateTableIT {

    @Test
    void everyMoveTheScriptsMakeIsInTheTables() {
        Set<String> jobMoves = new TreeSet<>();
        Set<String> taskMoves = new TreeSet<>();
        try (LocalRedisServer redis = LocalRedisServer.started(false);
             ScriptAudit audit = ScriptAudit.start(redis.port())) {
            ScriptAudit.driveEveryScript(new JobStore(RedisConnector.open(redis.url()), TestRedis.keys()));
            Map<String, String> states = new HashMap<>();
            for (ScriptAudit.ScriptRun run : audit.finish()) {
                for (List<String> command : run.commands()) {
                    if (command.get(0).equalsIgnoreCase("DEL")) {
                        command.subList(1, command.size()).forEach(states::remove);
                    }
                    if (!command.get(0).equalsIgnoreCase("HSET")) {
                        continue;
                    }
                    for (int i = 2; i + 1 < command.size(); i += 2) {
                        if (command.get(i).equals("state")) {
                            String key = command.get(1);
                            String from = states.put(key, command.get(i + 1));
                            if (from != null && !from.equals(command.get(i + 1))) {
                                (key.contains(":task:") ? taskMoves : jobMoves).add(from + "->" + command.get(i + 1));
                            }
                        }
                    }
                }
            }
        }
        System.out.println("observed job moves " + jobMoves + ", task moves " + taskMoves);
        for (String move : jobMoves) {
            String[] ends = move.split("->");
            assertTrue(JobState.fromWire(ends[0]).canMoveTo(JobState.fromWire(ends[1])), "job move " + move + " is not in the table");
        }
        for (String move : taskMoves) {
            String[] ends = move.split("->");
            assertTrue(TaskState.fromWire(ends[0]).canMoveTo(TaskState.fromWire(ends[1])), "task move " + move + " is not in the table");
        }
        assertTrue(jobMoves.size() >= 6, "the drive covers the job's life: " + jobMoves);
        assertTrue(taskMoves.size() >= 7, "the drive covers the task's life: " + taskMoves);
    }

    @Test
    void aMoveOutsideTheTablesIsRefused() throws InterruptedException {
        JobStore store = TestRedis.store();
        TaskQueue queue = new TaskQueue(store.redis(), store.keys());
        String jobId = TestJobs.create(store, TestJobs.draft(1, Duration.ofSeconds(30), 3));
        queue.complete(queue.claim(jobId, "w").task(), "result");
        assertTrue(store.takeStitchLease(jobId, "c", Duration.ofSeconds(30)));
        assertFalse(store.finish(jobId, "c", JobState.QUEUED, null, "out.mp4"), "a stitch ends in done or failed only");
        assertEquals(JobState.STITCHING, store.get(jobId).state());

        String other = TestJobs.create(store, TestJobs.draft(1, Duration.ofMillis(50), 3));
        ClaimedTask claimed = queue.claim(other, "w").task();
        store.redis().hset(store.keys().task(other, claimed.taskId()), "state", "done"); // crafted: done yet in flight
        Thread.sleep(150);
        assertThrows(JedisDataException.class, () -> queue.reap(other), "done -> ready is not a move");
        assertEquals("done", store.redis().hget(store.keys().task(other, claimed.taskId()), "state"));
        assertEquals(0, store.redis().zcard(store.keys().ready(other)), "the done task is not handed out again");
    }
}
