package io.vidfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidfleet.common.error.BadInputException;
import io.vidfleet.common.storage.SharedDirectoryStorage;
import io.vidfleet.common.store.JobStore;
import io.vidfleet.coordinator.InputProbe;
import io.vidfleet.coordinator.JobSubmitter;
import io.vidfleet.coordinator.OutputPolicy;
import io.vidfleet.coordinator.SubmitRequest;
import io.vidfleet.coordinator.SubmittedJob;
import io.vidfleet.testing.TestMedia;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.resps.StreamEntry;

/** A probe started ahead of the submit ({@code local} starts it while its cluster starts) is the submit's probe. */
class ProbeAheadIT {
    @RegisterExtension
    static final OwnRedis redis = new OwnRedis();
    private static JobStore store;

    @TempDir
    Path dir;

    @BeforeAll
    static void useOwnRedis() {
        store = redis.store();
    }

    private JobSubmitter submitter(InputProbe.Ahead ahead) {
        SharedDirectoryStorage storage = new SharedDirectoryStorage(dir.resolve("storage"));
        return new JobSubmitter(store, storage, OutputPolicy.under(storage.root(), null)).withProbeAhead(ahead);
    }

    /** The submit's probe, as its job's log records it: when it started and when it ended (epoch ms). */
    private static long[] probeTimes(SubmittedJob job) {
        for (StreamEntry entry : store.redis().xrange(store.keys().log(job.jobId()), "-", "+")) {
            Map<String, String> fields = entry.getFields();
            if ("probed".equals(fields.get("event"))) {
                return new long[] {Long.parseLong(fields.get("startedAt")), Long.parseLong(fields.get("at"))};
            }
        }
        throw new AssertionError("no probed event in the log of " + job.jobId());
    }

    @Test
    void theSubmitTakesTheProbeStartedAheadInsteadOfProbingAgain() {
        Path clip = TestMedia.noAudio();
        try (InputProbe.Ahead ahead = InputProbe.ahead(clip)) {
            InputProbe.ProbedInput probed = ahead.join();
            SubmittedJob job = submitter(ahead).submit(SubmitRequest.of(clip, "h264-720p"));
            assertEquals(probed.startedAt(), probeTimes(job)[0], "the probe's start");
            assertEquals(probed.probedAt(), probeTimes(job)[1], "the probe's end");
        }
    }

    @Test
    void aProbeOfAnotherFileIsNotTaken() {
        try (InputProbe.Ahead ahead = InputProbe.ahead(TestMedia.shortGop())) {
            ahead.join();
            long submitted = System.currentTimeMillis();
            SubmittedJob job = submitter(ahead).submit(SubmitRequest.of(TestMedia.noAudio(), "h264-720p"));
            assertTrue(probeTimes(job)[0] >= submitted, "the submit probed its own input");
        }
    }

    @Test
    void aBadInputFailsTheSamePlainWayWhenProbedAhead() throws Exception {
        Path notVideo = Files.writeString(dir.resolve("notes.mp4"), "not a video\n");
        String plain = assertThrows(BadInputException.class,
                () -> submitter(null).submit(SubmitRequest.of(notVideo, "h264-720p"))).getMessage();
        try (InputProbe.Ahead ahead = InputProbe.ahead(notVideo)) {
            String early = assertThrows(BadInputException.class,
                    () -> submitter(ahead).submit(SubmitRequest.of(notVideo, "h264-720p"))).getMessage();
            assertEquals(plain, early);
        }
        assertEquals(1, plain.lines().count(), plain);
        assertEquals(0, store.redis().dbSize(), "no key left");
    }
}
