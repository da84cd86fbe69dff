package io.vidfleet.common.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidfleet.common.jobs.TaskState;
import io.vidfleet.common.redis.LocalRedisServer;
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
