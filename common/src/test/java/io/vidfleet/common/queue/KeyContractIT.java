package io.vidfleet.common.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidfleet.common.jobs.TaskState;
import io.vidfleet.common.redis.LocalRedisServer;
import io.vidfleet.common.redis.LuaScript;
import io.vidfleet.common.redis.RedisConnector;
import io.vidfleet.common.redis.RedisKeys;
import io.vidfleet.common.store.JobStore;
import io.vidfleet.common.webhook.WebhookQueue;
import io.vidfleet.testing.ScriptAudit;
import io.vidfleet.testing.TestJobs;
import io.vidfleet.testing.TestRedis;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Redis's EVAL contract (every key a script touches is passed in KEYS), checked on what Redis itself
 * reports (MONITOR) while every queue script runs; and the key prefix that keeps tests off production keys.
 */
class KeyContractIT {

    @Test
    void everyScriptTouchesOnlyTheKeysItWasGiven() {
        try (LocalRedisServer redis = LocalRedisServer.started(false);
             ScriptAudit audit = ScriptAudit.start(redis.port())) {
            JobStore store = new JobStore(RedisConnector.open(redis.url()), TestRedis.keys());
            ScriptAudit.driveEveryScript(store);
            List<ScriptAudit.ScriptRun> runs = audit.finish();
            assertTrue(runs.size() >= 12, "every script ran: " + runs.size());
            assertOnlyDeclaredKeys(runs);
        }
    }

    @Test
    void everyWebhookScriptTouchesOnlyTheKeysItWasGiven() throws InterruptedException {
        try (LocalRedisServer redis = LocalRedisServer.started(false);
             ScriptAudit audit = ScriptAudit.start(redis.port())) {
            ScriptAudit.driveEveryWebhookScript(new WebhookQueue(RedisConnector.open(redis.url()), TestRedis.keys()));
            List<ScriptAudit.ScriptRun> runs = audit.finish();
            assertTrue(runs.size() >= 8, "every webhook script ran: " + runs.size());
            assertOnlyDeclaredKeys(runs);
        }
    }

    /**
     * A script names a task it may touch by id (coarsen.lua's caller names its own task in args[3]); lib.lua's
     * task_key refuses one that was not passed, and one named like a queue key ('+backlog'), wherever it was passed.
     */
    @Test
    void aScriptRefusesATaskItWasNotGivenAndNeverTakesAPseudoIdForOne() {
        try (LocalRedisServer redis = LocalRedisServer.started(false)) {
            JobStore store = new JobStore(RedisConnector.open(redis.url()), TestRedis.keys());
            String jobId = TestJobs.create(store, TestJobs.draft(2, Duration.ofSeconds(30), 3));
            List<String> tasks = store.redis().lrange(store.keys().tasks(jobId), 0, -1);
            LuaScript coarsen = LuaScript.load("coarsen");
            assertRefused(() -> coarsen.runOnJob(store.redis(), store.keys(), jobId, List.of(tasks.get(0)),
                    coarsenArgs(tasks.get(1))), tasks.get(1));
            assertRefused(() -> coarsen.runOnJob(store.redis(), store.keys(), jobId, List.of("+backlog", tasks.get(0)),
                    coarsenArgs("+backlog")), "+backlog");
            assertEquals("queued", store.redis().hget(store.keys().job(jobId), "state"), "nothing moved");
        }
    }

    private static List<String> coarsenArgs(String ownTask) {
        return List.of("task", "1", ownTask, "0", "3", "{}", "0", "test");
    }

    private static void assertRefused(org.junit.jupiter.api.function.Executable call, String taskId) {
        JedisDataException refused = assertThrows(JedisDataException.class, call);
        assertTrue(refused.getMessage().contains("task " + taskId + " was not passed in KEYS"), refused.getMessage());
    }

    private static void assertOnlyDeclaredKeys(List<ScriptAudit.ScriptRun> runs) {
        for (ScriptAudit.ScriptRun run : runs) {
            for (String key : run.touched()) {
                assertTrue(run.declared().contains(key), "script touched " + key + " without it in KEYS " + run.declared()
                        + ": " + run.commands());
            }
        }
    }

    @Test
    void aTestReaperLeavesJobsOfTheProductionPrefixAlone() throws InterruptedException {
        try (LocalRedisServer redis = LocalRedisServer.started(false)) {
            JobStore production = new JobStore(RedisConnector.open(redis.url()), new RedisKeys(RedisKeys.DEFAULT_PREFIX));
            String jobId = TestJobs.create(production, TestJobs.draft(1, Duration.ofMillis(100), 3));
            TaskQueue productionQueue = new TaskQueue(production.redis(), production.keys());
            String taskId = productionQueue.claim(jobId, "real-worker").task().taskId();
            Thread.sleep(300); // its lease has run out: a reaper of that cluster would take it back

            JobStore tests = new JobStore(RedisConnector.open(redis.url()), new RedisKeys());
            new Reaper(tests, new TaskQueue(tests.redis(), tests.keys()), "test", Duration.ofSeconds(1)).runOnce();
            assertEquals(TaskState.RUNNING.wire(), production.redis().hget(production.keys().task(jobId, taskId), "state"),
                    "a test process never acts on the production prefix");
        }
    }
}
