package io.vidfleet.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidfleet.common.queue.ClaimedTask;
import io.vidfleet.common.queue.TaskQueue;
import io.vidfleet.common.redis.LocalRedisServer;
import io.vidfleet.common.redis.RedisConnector;
import io.vidfleet.common.store.JobStore;
import io.vidfleet.testing.ScriptAudit;
import io.vidfleet.testing.TestJobs;
import io.vidfleet.testing.TestRedis;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A worker slot's loop, complete then claim, as Redis sees it (MONITOR). */
class ClaimRoundTripIT {

    @Test
    void theNextClaimsIndexReadTravelsWithTheCompletion() {
        try (LocalRedisServer redis = LocalRedisServer.started(false)) {
            JobStore store = new JobStore(RedisConnector.open(redis.url()), TestRedis.keys());
            TestJobs.create(store, TestJobs.draft(5, Duration.ofSeconds(30), 3));
            TaskQueue queue = new TaskQueue(store.redis(), store.keys());
            TaskClaimer claimer = new TaskClaimer(store, queue, "w", WorkerSettings.defaults(List.of("h264")));
            ClaimedTask first = claimer.tryClaim();
            ClaimedTask second = claimer.tryClaim();
            assertTrue(queue.complete(second, "result", -1, claimer).accepted()); // the scripts are loaded from here on
            assertNotNull(claimer.tryClaim());
            try (ScriptAudit audit = ScriptAudit.start(redis.port())) {
                assertTrue(queue.complete(first, "result", -1, claimer).accepted());
                assertNotNull(claimer.tryClaim());
                audit.finish();
                // the completion with the index of every priority in one pipeline, then the claim: no ZRANGE of its own
                assertEquals(List.of("EVALSHA", "ZRANGE", "ZRANGE", "ZRANGE", "EVALSHA"), audit.clientCommands());
            }
        }
    }
}
