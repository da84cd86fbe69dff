package io.vidfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidfleet.common.jobs.JobRecord;
import io.vidfleet.common.jobs.JobState;
import io.vidfleet.common.store.JobStore;
import io.vidfleet.testing.TestMedia;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A coordinator writes outputs only under the storage or an operator's output root, and replaces an
 * existing file only when the job asked for it, whatever the job record says.
 */
class OutputConfinementIT {
    @RegisterExtension
    static final OwnRedis redis = new OwnRedis();
    private static JobStore store;

    @TempDir
    Path dir;

    @BeforeAll
    static void useOwnRedis() {
        store = redis.store();
    }

    private CliRun submit(String... more) {
        String[] args = new String[5 + more.length];
        args[0] = "submit";
        args[1] = TestMedia.noAudio().toString();
        args[2] = "--redis=" + redis.url();
        args[3] = "--storage=" + dir.resolve("storage");
        args[4] = "--chunk-seconds=30";
        System.arraycopy(more, 0, args, 5, more.length);
        return CliRun.of(args);
    }

    @Test
    void anOutputOutsideTheRootsIsRefusedAtSubmit() throws IOException {
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        long keys = store.redis().dbSize();
        CliRun run = submit("--output", elsewhere.resolve("x.mp4").toString());
        assertEquals(2, run.exit(), run.toString());
        assertTrue(run.err().contains("outside the output root"), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        Files.createSymbolicLink(dir.resolve("storage/link"), elsewhere);
        assertEquals(2, submit("--output", dir.resolve("storage/link/x.mp4").toString()).exit(), "a link cannot lead out");
        assertEquals(keys, store.redis().dbSize(), "no keys");
        assertFalse(Files.exists(elsewhere.resolve("x.mp4")));
    }

    @Test
    void anExistingOutputIsReplacedOnlyWithOverwrite() throws IOException {
        Path root = Files.createDirectories(dir.resolve("exports"));
        Path output = Files.writeString(root.resolve("movie.mp4"), "an earlier export");
        CliRun refused = submit("--output-root", root.toString(), "--output", output.toString());
        assertEquals(2, refused.exit(), refused.toString());
        assertTrue(refused.err().contains("output exists"), refused.err());

        CliRun accepted = submit("--output-root", root.toString(), "--output", output.toString(), "--overwrite");
        assertEquals(0, accepted.exit(), accepted.toString());
        String jobId = accepted.out().strip();
        try (Cluster cluster = new Cluster(store, 1, Cluster.fastSettings(), dir.resolve("storage"), root)) {
            JobRecord job = cluster.await(jobId, Duration.ofSeconds(90));
            assertEquals(JobState.DONE, job.state(), String.valueOf(job.reason()));
        }
        assertTrue(Files.size(output) > 1000, "replaced by the video");
    }

    @Test
    void theCoordinatorRefusesARecordThatNamesAnOutputOutsideOrAnExistingFile() throws IOException {
        Path victim = Files.writeString(Files.createDirectories(dir.resolve("root-owned")).resolve("victim.mp4"), "keep");
        CliRun first = submit();
        CliRun second = submit("--output", dir.resolve("storage/late.mp4").toString());
        assertEquals(0, first.exit(), first.toString());
        assertEquals(0, second.exit(), second.toString());
        String crafted = first.out().strip();
        String late = second.out().strip();
        store.redis().hset(store.keys().job(crafted), "output", victim.toString()); // written by hand in Redis
        Path lateOutput = Files.writeString(dir.resolve("storage/late.mp4"), "appeared after the submit");
        try (Cluster cluster = new Cluster(store, 1, Cluster.fastSettings(), dir.resolve("storage"))) {
            JobRecord one = cluster.await(crafted, Duration.ofSeconds(90));
            JobRecord two = cluster.await(late, Duration.ofSeconds(90));
            assertEquals(JobState.FAILED, one.state());
            assertTrue(one.reason().contains("outside the output root"), one.reason());
            assertEquals(JobState.FAILED, two.state());
            assertTrue(two.reason().contains("output exists"), two.reason());
        }
        assertEquals("keep", Files.readString(victim));
        assertEquals("appeared after the submit", Files.readString(lateOutput));
    }
}
