package io.vidfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidfleet.common.error.BadInputException;
import io.vidfleet.common.storage.SharedDirectoryStorage;
import io.vidfleet.common.store.JobStore;
import io.vidfleet.coordinator.InputProbe;
import io.vidfleet.coordinator.JobLimits;
import io.vidfleet.coordinator.JobSubmitter;
import io.vidfleet.coordinator.OutputPolicy;
import io.vidfleet.coordinator.SubmitRequest;
import io.vidfleet.coordinator.SubmittedJob;
import io.vidfleet.testing.TestMedia;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.resps.StreamEntry;

/** `vidfleet local` probes its input while it checks its encoders; the submit takes that probe up. */
class EarlyProbeIT {
    @RegisterExtension
    static final OwnRedis redis = new OwnRedis();
    private static JobStore store;

    @TempDir
    Path dir;

    @BeforeAll
    static void useOwnRedis() {
        store = redis.store();
    }

    private JobSubmitter submitter(SharedDirectoryStorage storage) {
        return new JobSubmitter(store, storage, OutputPolicy.under(storage.root(), null), JobLimits.defaults());
    }

    @Test
    void aSubmitTakesUpAProbeStartedBeforeItInsteadOfProbingAgain() throws Exception {
        Path input = dir.resolve("in.mp4");
        Files.copy(TestMedia.noAudio(), input);
        InputProbe.Early early = InputProbe.startEarly(input, JobLimits.defaults());
        early.settle();
        // what the file holds now would fail a probe: a submit that probed again could not plan
        Files.write(input, new byte[Math.toIntExact(Files.size(input))], java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
        SharedDirectoryStorage storage = new SharedDirectoryStorage(dir.resolve("storage"));
        SubmittedJob job = submitter(storage).withEarlyProbe(early).submit(SubmitRequest.of(input, "h264-720p"));
        assertTrue(job.frames() > 0, "planned from the early probe: " + job);
        List<StreamEntry> log = store.redis().xrange(store.keys().log(job.jobId()), "-", "+");
        Map<String, String> probed = log.stream().map(StreamEntry::getFields).filter(f -> "probed".equals(f.get("event")))
                .findFirst().orElseThrow();
        assertEquals(Long.toString(early.startedAt()), probed.get("startedAt"), "the probe phase starts when the probe did");
    }

    @Test
    void anEarlyProbesFailureIsTheSubmitsOwnAndLeavesNothing() throws Exception {
        Path input = dir.resolve("broken.mp4");
        Files.write(input, new byte[4096]);
        InputProbe.Early early = InputProbe.startEarly(input, JobLimits.defaults());
        SharedDirectoryStorage storage = new SharedDirectoryStorage(dir.resolve("storage"));
        long keysBefore = store.redis().dbSize();
        BadInputException e = assertThrows(BadInputException.class,
                () -> submitter(storage).withEarlyProbe(early).submit(SubmitRequest.of(input, "h264-720p")));
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        assertTrue(e.getMessage().contains("broken.mp4"), e.getMessage());
        assertEquals(keysBefore, store.redis().dbSize(), "no key left");
        Path jobs = storage.root().resolve("jobs");
        assertTrue(!Files.exists(jobs) || Files.list(jobs).findAny().isEmpty(), "no file left");
    }

    @Test
    void aProbeOfAnotherFileIsNotTakenUp() throws Exception {
        Path probed = dir.resolve("probed.mp4");
        Path submitted = dir.resolve("submitted.mp4");
        Files.copy(TestMedia.noAudio(), probed);
        Files.write(submitted, new byte[4096]);
        InputProbe.Early early = InputProbe.startEarly(probed, JobLimits.defaults());
        SharedDirectoryStorage storage = new SharedDirectoryStorage(dir.resolve("storage"));
        assertThrows(BadInputException.class,
                () -> submitter(storage).withEarlyProbe(early).submit(SubmitRequest.of(submitted, "h264-720p")));
        early.settle();
    }
}
