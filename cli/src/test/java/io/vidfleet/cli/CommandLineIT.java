package io.vidfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidfleet.common.redis.LocalRedisServer;
import io.vidfleet.common.redis.RedisConnector;
import io.vidfleet.testing.TestRedis;
import io.vidfleet.common.store.JobStore;
import io.vidfleet.testing.TestMedia;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import redis.clients.jedis.UnifiedJedis;

/**
 * The command line as users and scripts see it: exit codes, one-line errors, and nothing left behind
 * by a bad input. It has a Redis of its own, so "no keys" means no keys at all.
 */
class CommandLineIT {
    private static LocalRedisServer redis;
    private static UnifiedJedis client;

    @TempDir
    Path dir;

    @BeforeAll
    static void startRedis() {
        redis = LocalRedisServer.started(false);
        client = RedisConnector.open(redis.url());
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    record Run(int exit, String out, String err) {
    }

    private Run run(String... args) {
        CommandLine cli = VidfleetCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private Run submit(Path input, String... more) {
        String[] args = new String[4 + more.length];
        args[0] = "submit";
        args[1] = input.toString();
        args[2] = "--redis=" + redis.url();
        args[3] = "--storage=" + dir.resolve("storage");
        System.arraycopy(more, 0, args, 4, more.length);
        return run(args);
    }

    private static void assertOneLineError(Run run, int exit, String mentions) {
        assertEquals(exit, run.exit(), run.toString());
        assertEquals(1, run.err().strip().lines().count(), "one line: " + run.err());
        assertTrue(run.err().startsWith("vidfleet: "), run.err());
        assertTrue(run.err().contains(mentions), run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
    }

    private Set<String> keysBefore;

    @org.junit.jupiter.api.BeforeEach
    void rememberKeys() {
        keysBefore = lastingKeys();
    }

    /** Every key but the ones that come and go on their own (locks, presence, wake-up signals). */
    private static Set<String> lastingKeys() {
        String prefix = TestRedis.PREFIX + ":";
        Set<String> keys = new java.util.TreeSet<>(client.keys(prefix + "*"));
        keys.removeIf(k -> k.endsWith(":lock") || k.startsWith(prefix + "process:") || k.endsWith(":signal"));
        return keys;
    }

    private void assertNothingLeft() throws IOException {
        assertEquals(keysBefore, lastingKeys(), "no keys added by a rejected submit");
        Path jobs = dir.resolve("storage/jobs");
        assertTrue(!Files.exists(jobs) || Files.list(jobs).findAny().isEmpty(), "no files after a rejected submit");
    }

    @Test
    void aMissingFileIsRejected() throws IOException {
        assertOneLineError(submit(dir.resolve("nope.mp4")), 2, "input not found");
        assertNothingLeft();
    }

    @Test
    void anEmptyFileIsRejected() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.mp4"));
        assertOneLineError(submit(empty), 2, "input is empty");
        assertNothingLeft();
    }

    @Test
    void aTextFileIsRejectedAsNotAVideo() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.mp4"), "this is not a video\n".repeat(50));
        Run run = submit(text);
        assertOneLineError(run, 2, "notes.mp4");
        assertNothingLeft();
    }

    @Test
    void anAudioOnlyFileIsRejectedAsNotAVideo() throws IOException {
        Path audio = dir.resolve("tone.m4a");
        io.vidfleet.common.media.Ffmpeg ffmpeg = io.vidfleet.common.media.Ffmpeg.get();
        assertTrue(ffmpeg.run(ffmpeg.ffmpeg("-f", "lavfi", "-i", "sine=duration=1", audio.toString())).ok());
        assertOneLineError(submit(audio), 2, "has no video stream");
        assertNothingLeft();
    }

    @Test
    void unknownProfileAndBadOptionsAreUsageErrors() throws IOException {
        assertOneLineError(submit(TestMedia.noAudio(), "--profile", "mpeg1"), 2, "unknown profile 'mpeg1'");
        assertOneLineError(submit(TestMedia.noAudio(), "--chunk-seconds", "0"), 2, "--chunk-seconds");
        assertOneLineError(submit(TestMedia.noAudio(), "--output", dir.resolve("x.avi").toString()), 2, "unsupported output");
        assertOneLineError(submit(TestMedia.noAudio(), "--priority", "urgent"), 2, "unknown priority");
        assertOneLineError(run("submit"), 2, "Missing required parameter");
        assertNothingLeft();
    }

    /** A 128-byte HLS playlist naming a private file outside the storage must never become a job. */
    @Test
    void aPlaylistReferencingAFileOutsideTheStorageIsRefused() throws IOException {
        Path secret = dir.resolve("private/secret.ts");
        Files.createDirectories(secret.getParent());
        io.vidfleet.common.media.Ffmpeg ffmpeg = io.vidfleet.common.media.Ffmpeg.get();
        assertTrue(ffmpeg.run(ffmpeg.ffmpeg("-f", "lavfi", "-i", "testsrc=d=1:s=64x48", "-c:v", "libx264", secret.toString())).ok());
        Files.setPosixFilePermissions(secret, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        String playlist = "#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\n" + secret + "\n#EXT-X-ENDLIST\n";
        Path hls = Files.writeString(dir.resolve("evil.m3u8"), playlist + "#".repeat(Math.max(0, 127 - playlist.length())) + "\n");
        assertOneLineError(submit(hls), 2, "playlist");
        assertNothingLeft();
        Path concat = Files.writeString(dir.resolve("list.txt"), "ffconcat version 1.0\nfile '" + secret + "'\n");
        assertOneLineError(submit(concat), 2, "refer to other files");
        assertNothingLeft();
    }

    @Test
    void anUnreachableRedisIsOneLine() {
        Run run = run("status", "--redis", "redis://127.0.0.1:1");
        assertEquals(1, run.exit());
        assertTrue(run.err().startsWith("vidfleet: cannot reach Redis"), run.err());
        assertEquals(1, run.err().strip().lines().count());
    }

    @Test
    void statusOfAnUnknownJobIsAUsageError() {
        assertOneLineError(run("status", "no-such-job", "--redis", redis.url()), 2, "no such job");
    }

    @Test
    void submitWaitPrintsTheJobIdThenTheOutputPathAndStatusShowsTheJob() throws IOException {
        JobStore store = new JobStore(RedisConnector.open(redis.url()), TestRedis.keys());
        Path output = dir.resolve("storage/out.mp4"); // outputs go under the storage unless an operator allows more
        try (Cluster cluster = new Cluster(store, 1, Cluster.fastSettings(), dir.resolve("storage"))) {
            Run run = submit(TestMedia.noAudio(), "--wait", "--chunk-seconds", "2", "--output", output.toString());
            assertEquals(0, run.exit(), run.toString());
            String[] lines = run.out().strip().split("\n");
            assertEquals(2, lines.length, run.out());
            assertEquals(output.toString(), lines[1]);
            assertTrue(Files.size(output) > 0);
            assertTrue(run.err().contains("done"), "progress on stderr: " + run.err());

            Run status = run("status", lines[0], "--redis", redis.url());
            assertEquals(0, status.exit());
            assertTrue(status.out().contains("state:     done"), status.out());
            Run json = run("status", lines[0], "--json", "--redis", redis.url());
            assertTrue(json.out().contains("\"state\" : \"done\""), json.out());
            Run list = run("status", "--redis", redis.url());
            assertTrue(list.out().contains(lines[0]), list.out());

            cluster.await(lines[0], java.time.Duration.ofSeconds(30)); // done, and the coordinator has cleaned up
            assertFalse(Files.exists(dir.resolve("storage/jobs/" + lines[0])), "the job's intermediates are deleted");

            Run again = submit(TestMedia.noAudio(), "--idempotency-key", "k1");
            Run same = submit(TestMedia.noAudio(), "--idempotency-key", "k1");
            assertEquals(again.out(), same.out(), "same key, same job");
            assertTrue(same.err().contains("already exists"), same.err());
        }
    }
}
