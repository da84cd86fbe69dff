package io.vidfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidfleet.common.error.BadInputException;
import io.vidfleet.common.jobs.JobRecord;
import io.vidfleet.common.jobs.Priority;
import io.vidfleet.common.storage.SharedDirectoryStorage;
import io.vidfleet.common.store.IdempotencyRecord;
import io.vidfleet.common.store.JobStore;
import io.vidfleet.coordinator.Coordinator;
import io.vidfleet.coordinator.CoordinatorSettings;
import io.vidfleet.coordinator.JobSubmitter;
import io.vidfleet.coordinator.SubmitRequest;
import io.vidfleet.coordinator.SubmittedJob;
import io.vidfleet.testing.TestJobs;
import io.vidfleet.testing.TestMedia;
import io.vidfleet.testing.TestRedis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Idempotency keys and half-created jobs: a submit that races or dies leaves nothing dangling. */
class IdempotencyIT {
    @TempDir
    Path dir;

    private final JobStore store = TestRedis.store();

    private SubmitRequest request(String key) {
        return SubmitRequest.of(TestMedia.noAudio(), "h264-720p").withChunkLength(Duration.ofSeconds(2)).withIdempotencyKey(key);
    }

    @Test
    void concurrentSubmitsWithOneKeyBothGetTheSameJob() throws Exception {
        SharedDirectoryStorage storage = new SharedDirectoryStorage(dir.resolve("storage"));
        for (int round = 0; round < 2; round++) {
            String key = "race-" + round + "-" + System.nanoTime();
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<SubmittedJob>> submits = List.of(1, 2).stream().map(i -> CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return new JobSubmitter(store, storage).submit(request(key));
            })).toList();
            go.countDown();
            SubmittedJob first = submits.get(0).get();
            SubmittedJob second = submits.get(1).get();
            assertEquals(first.jobId(), second.jobId(), "one key, one job");
            assertTrue(first.existing() != second.existing(), "one made it, the other found it");
            IdempotencyRecord record = store.idempotency(key);
            assertFalse(record.pending());
            long ttl = store.redis().pttl(store.keys().idempotency(key));
            assertTrue(ttl > 0 && ttl <= JobSubmitter.IDEMPOTENCY_TTL.toMillis(), "the key expires: " + ttl);
            store.cancel(first.jobId(), "test over");
        }
    }

    @Test
    void aKeyUsedForADifferentRequestIsRefused() {
        SharedDirectoryStorage storage = new SharedDirectoryStorage(dir.resolve("storage"));
        String key = "different-" + System.nanoTime();
        SubmittedJob job = new JobSubmitter(store, storage).submit(request(key));
        BadInputException refused = assertThrows(BadInputException.class, () -> new JobSubmitter(store, storage)
                .submit(request(key).withChunkLength(Duration.ofSeconds(3))));
        assertTrue(refused.getMessage().contains("different request"), refused.getMessage());
        store.cancel(job.jobId(), "test over");
    }

    @Test
    void aHalfCreatedJobIsIndexedAndANeverCreatedOneFreesItsKeyAndFiles() throws Exception {
        SharedDirectoryStorage storage = new SharedDirectoryStorage(dir.resolve("storage"));
        // a submit that died after create_job, before the indexes
        var draft = TestJobs.draft(2, Duration.ofSeconds(30), 3);
        store.creationStarted(draft.id(), null, 1); // long ago
        createRecordOnly(draft);
        // a submit that died after reserving its key, half way through copying its input
        String key = "dead-" + System.nanoTime();
        String never = "20200101-000000-dead01";
        store.reserveIdempotency(key, IdempotencyRecord.pending(never, "f"), Duration.ofMinutes(30));
        store.creationStarted(never, key, 1);
        Path partial = storage.localPath("jobs/" + never + "/source.mp4");
        Files.createDirectories(partial.getParent());
        Files.writeString(partial, "the first bytes of a large copy");

        Coordinator coordinator = new Coordinator(store, storage, new CoordinatorSettings(Duration.ofSeconds(1),
                Duration.ofSeconds(10), Duration.ofSeconds(1)).withHalfCreatedAfter(Duration.ofSeconds(1)));
        List<String> handled = coordinator.reconcileHalfCreated();
        assertTrue(handled.containsAll(List.of(draft.id(), never)), handled.toString());

        assertTrue(store.list(50).stream().map(JobRecord::id).toList().contains(draft.id()), "listed");
        assertTrue(store.activeJobIds().contains(draft.id()), "active");
        assertTrue(store.redis().zscore(store.keys().queue(draft.queue(), Priority.NORMAL), draft.id()) != null, "on its queue");
        assertNull(store.idempotency(key), "the dead submit's key is free again");
        assertFalse(Files.exists(partial), "its partial input copy is gone");
        assertNull(store.redis().zscore(store.keys().creatingJobs(), draft.id()));

        SubmittedJob retry = new JobSubmitter(store, storage).submit(request(key));
        assertFalse(retry.existing());
        assertNotEquals(never, retry.jobId());
        store.cancel(retry.jobId(), "test over");
        store.cancel(draft.id(), "test over");
    }

    /** What create() does before it indexes the job (its first, atomic step). */
    private void createRecordOnly(io.vidfleet.common.store.JobDraft draft) {
        JobStore unindexed = new JobStore(store.redis(), store.keys()) ;
        unindexed.create(draft);
        store.redis().zrem(store.keys().jobs(), draft.id());
        store.redis().srem(store.keys().activeJobs(), draft.id());
        store.redis().zrem(store.keys().queue(draft.queue(), draft.priority()), draft.id());
    }
}
