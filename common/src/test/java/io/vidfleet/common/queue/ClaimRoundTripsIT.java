package io.vidfleet.common.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.vidfleet.common.redis.LocalRedisServer;
import io.vidfleet.common.redis.RedisConnector;
import io.vidfleet.common.store.JobStore;
import io.vidfleet.testing.ScriptAudit;
import io.vidfleet.testing.TestJobs;
import io.vidfleet.testing.TestRedis;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What one claim costs in commands sent to Redis (MONITOR): the queue's throughput is its round trips.
 */
class ClaimRoundTripsIT {

    @Test
    void aClaimAfterAClaimOnTheSameJobReadsNoReadySetOfItsOwn() {
        try (LocalRedisServer redis = LocalRedisServer.started(false)) {
            JobStore store = new JobStore(RedisConnector.open(redis.url()), TestRedis.keys());
            String jobId = TestJobs.create(store, TestJobs.draft(6, Duration.ofSeconds(30), 3));
            TaskQueue queue = new TaskQueue(store.redis(), store.keys());
            ClaimedTask first;
            ClaimedTask second;
            first = queue.claim(jobId, "w").task(); // learns the head from the script's 'moved', then claims with it
            try (ScriptAudit audit = ScriptAudit.start(redis.port())) {
                second = queue.claim(jobId, "w").task();
                audit.finish();
                assertEquals(List.of("EVALSHA", "ZREM"), audit.clientCommands(),
                        "the script, then the backlog: the first claim's reply named the ready set's head");
            }
            assertNotEquals(first.taskId(), second.taskId());
        }
    }
}
