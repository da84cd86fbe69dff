package io.vidfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidfleet.common.redis.LocalRedisServer;
import io.vidfleet.common.redis.RedisConnector;
import io.vidfleet.common.storage.SharedDirectoryStorage;
import io.vidfleet.common.store.JobStore;
import io.vidfleet.coordinator.Coordinator;
import io.vidfleet.coordinator.CoordinatorSettings;
import io.vidfleet.testing.TestJobs;
import io.vidfleet.testing.TestRedis;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;

/** A job's final event goes out at least once, even when publishing it fails for a while. */
class FinalEventIT {
    @TempDir
    Path dir;

    @Test
    void aFinalEventRefusedOnceIsPublishedWhenRedisAllowsIt() throws Exception {
        try (LocalRedisServer redis = LocalRedisServer.started(false);
             Jedis admin = new Jedis("127.0.0.1", redis.port())) {
            JobStore owner = new JobStore(RedisConnector.open(redis.url()), TestRedis.keys());
            String events = owner.keys().events();
            // the coordinator's user may write every key, but may not XADD to the events stream
            admin.aclSetUser("coord", "on", ">secret", "~*", "&*", "+@all", "-xadd", "(+xadd ~" + owner.keys().job("*") + "*)");
            String jobId = TestJobs.create(owner, TestJobs.draft(2, Duration.ofSeconds(30), 3));
            owner.cancel(jobId, "ended before any work");

            String coordinatorUrl = "redis://coord:secret@127.0.0.1:" + redis.port();
            JobStore coordinatorStore = JobStore.connect(coordinatorUrl, TestRedis.keys(), 1);
            try (Coordinator coordinator = new Coordinator(coordinatorStore, new SharedDirectoryStorage(dir),
                    new CoordinatorSettings(Duration.ofMillis(200), Duration.ofSeconds(10), Duration.ofMillis(500)))) {
                coordinator.start();
                Thread.sleep(1_500); // several ticks try, and are refused
                assertEquals(0, finalEvents(owner, events, jobId).size(), "refused so far");
                assertEquals(null, owner.redis().hget(owner.keys().job(jobId), "notified"), "not marked sent before it is");
                assertTrue(owner.activeJobIds().contains(jobId), "the job waits to be finished");
                admin.aclSetUser("coord", "+xadd"); // the refusal ends
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (finalEvents(owner, events, jobId).isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
            }
            List<StreamEntry> finals = finalEvents(owner, events, jobId);
            assertEquals(1, finals.size(), "the cancelled event went out once it could: " + finals);
            String eventId = finals.get(0).getFields().get("eventId");
            assertTrue(eventId != null && eventId.startsWith(jobId + ":cancelled:"), "a stable event id: " + eventId);
            assertEquals("1", owner.redis().hget(owner.keys().job(jobId), "notified"));
        }
    }

    @Test
    void aCoordinatorLeavesTheFinalEventToOneThatClaimedItAndSendsItIfThatOneDies() throws Exception {
        try (LocalRedisServer redis = LocalRedisServer.started(false)) {
            JobStore store = new JobStore(RedisConnector.open(redis.url()), TestRedis.keys());
            String jobId = TestJobs.create(store, TestJobs.draft(2, Duration.ofSeconds(30), 3));
            store.cancel(jobId, "ended before any work");
            // another coordinator saw the job end first and is sending its event
            assertTrue(store.claimFinalEvent(jobId, "coordinator-sending", Duration.ofSeconds(60)));
            try (Coordinator coordinator = new Coordinator(store, new SharedDirectoryStorage(dir),
                    new CoordinatorSettings(Duration.ofMillis(200), Duration.ofSeconds(10), Duration.ofMillis(500)))) {
                coordinator.start();
                Thread.sleep(1_500); // several ticks see the job ended
                assertEquals(0, finalEvents(store, store.keys().events(), jobId).size(), "not sent beside the claim's holder");
                assertTrue(store.activeJobIds().contains(jobId), "the job waits to be finished");
                store.releaseFinalEvent(jobId, "coordinator-sending"); // as the claim of a holder that died runs out
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (store.activeJobIds().contains(jobId) && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
            }
            assertEquals(1, finalEvents(store, store.keys().events(), jobId).size(), "sent once");
            assertEquals(Boolean.FALSE, store.redis().exists(store.keys().finalEventClaim(jobId)), "no claim left behind");
        }
    }

    @Test
    void onlyTheHolderGivesUpAClaimToSendTheFinalEvent() throws Exception {
        try (LocalRedisServer redis = LocalRedisServer.started(false)) {
            JobStore store = new JobStore(RedisConnector.open(redis.url()), TestRedis.keys());
            String jobId = TestJobs.create(store, TestJobs.draft(1, Duration.ofSeconds(30), 3));
            assertTrue(store.claimFinalEvent(jobId, "holder", Duration.ofSeconds(60)));
            store.releaseFinalEvent(jobId, "late-coordinator"); // its own claim ran out and the holder took over
            assertEquals(false, store.claimFinalEvent(jobId, "third", Duration.ofSeconds(60)), "the holder keeps it");
            store.releaseFinalEvent(jobId, "holder");
            assertTrue(store.claimFinalEvent(jobId, "third", Duration.ofSeconds(60)));
        }
    }

    private static List<StreamEntry> finalEvents(JobStore store, String events, String jobId) {
        return store.redis().xrange(events, (StreamEntryID) null, (StreamEntryID) null).stream()
                .filter(e -> jobId.equals(e.getFields().get("job")) && "cancelled".equals(e.getFields().get("event"))).toList();
    }
}
