package io.vidfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidfleet.common.error.BadInputException;
import io.vidfleet.common.storage.SharedDirectoryStorage;
import io.vidfleet.common.store.JobStore;
import io.vidfleet.coordinator.JobLimits;
import io.vidfleet.coordinator.JobSubmitter;
import io.vidfleet.coordinator.OutputPolicy;
import io.vidfleet.coordinator.SubmitRequest;
import io.vidfleet.testing.TestMedia;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Each limit fails the submit with one line naming it, before any key or file is written. */
class JobLimitsIT {
    @RegisterExtension
    static final OwnRedis redis = new OwnRedis();
    private static JobStore store;

    @TempDir
    Path dir;

    @BeforeAll
    static void useOwnRedis() {
        store = redis.store();
    }

    private void assertRefused(JobLimits limits, SubmitRequest request, String mentions) throws IOException {
        SharedDirectoryStorage storage = new SharedDirectoryStorage(dir.resolve("storage"));
        JobSubmitter submitter = new JobSubmitter(store, storage, OutputPolicy.under(storage.root(), null), limits);
        BadInputException e = assertThrows(BadInputException.class, () -> submitter.submit(request));
        assertTrue(e.getMessage().contains(mentions), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        assertEquals(0, store.redis().dbSize(), "no key left");
        Path jobs = storage.root().resolve("jobs");
        assertTrue(!Files.exists(jobs) || Files.list(jobs).findAny().isEmpty(), "no file left");
    }

    @Test
    void everyLimitFailsTheSubmitWithItsReason() throws IOException {
        JobLimits d = JobLimits.defaults();
        SubmitRequest clip = SubmitRequest.of(TestMedia.noAudio(), "h264-720p"); // 5 s, 320x240
        assertRefused(new JobLimits(4, d.maxWidth(), d.maxHeight(), d.maxInputBytes(), d.maxSpecBytes(), d.maxTaskTime(),
                d.defaultTaskTime()), clip.withChunkLength(Duration.ofMillis(500)), "more than the limit of 4");
        assertRefused(new JobLimits(d.maxTasks(), 320, 200, d.maxInputBytes(), d.maxSpecBytes(), d.maxTaskTime(),
                d.defaultTaskTime()), clip, "320x240 frames, larger than the limit of 320x200");
        assertRefused(new JobLimits(d.maxTasks(), d.maxWidth(), d.maxHeight(), 1000, d.maxSpecBytes(), d.maxTaskTime(),
                d.defaultTaskTime()), clip, "more than the limit of 1000 (VIDFLEET_MAX_INPUT_BYTES)");
        assertRefused(new JobLimits(d.maxTasks(), d.maxWidth(), d.maxHeight(), d.maxInputBytes(), 500, d.maxTaskTime(),
                d.defaultTaskTime()), clip, "VIDFLEET_MAX_SPEC_BYTES");
        assertRefused(d, clip.withTaskTimeout(Duration.ofDays(2)), "VIDFLEET_MAX_TASK_SECONDS");
    }

    @Test
    void limitsComeFromTheEnvironment() {
        JobLimits limits = JobLimits.fromEnvironment(Map.of("VIDFLEET_MAX_TASKS", "50", "VIDFLEET_MAX_FRAME_SIZE", "1920x1080",
                "VIDFLEET_MAX_TASK_SECONDS", "600"));
        assertEquals(50, limits.maxTasks());
        assertEquals(1920, limits.maxWidth());
        assertEquals(Duration.ofMinutes(10), limits.defaultTaskTime(), "the default is never above the limit");
        assertThrows(BadInputException.class, () -> JobLimits.fromEnvironment(Map.of("VIDFLEET_MAX_TASKS", "0")));
    }

    @Test
    void anAttemptRunningPastTheJobsTaskTimeoutIsKilled() throws Exception {
        SharedDirectoryStorage storage = new SharedDirectoryStorage(dir.resolve("storage"));
        String jobId = new JobSubmitter(store, storage).submit(SubmitRequest.of(TestMedia.noAudio(), "h264-720p")
                .withChunkLength(Duration.ofSeconds(30)).withMaxAttempts(1).withTaskTimeout(Duration.ofSeconds(1))).jobId();
        store.redis().hset(store.keys().job(jobId), "taskTimeoutMs", "1"); // 1 ms: no encode finishes in time
        try (Cluster cluster = new Cluster(store, 1, Cluster.fastSettings(), storage.root())) {
            var job = cluster.await(jobId, Duration.ofSeconds(60));
            assertEquals("failed", job.state().wire());
            String error = store.redis().hget(store.keys().task(jobId, "v00000"), "error");
            assertTrue(error.contains("task time limit"), error);
        }
        store.redis().flushAll();
    }
}
