package io.vidfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidfleet.common.media.Ffmpeg;
import io.vidfleet.common.media.MediaProbe;
import io.vidfleet.common.redis.LocalRedisServer;
import io.vidfleet.coordinator.InputProbe;
import io.vidfleet.testing.TestMedia;
import io.vidfleet.testing.TestRedis;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.resps.StreamEntry;

/** {@code vidfleet local}: a whole cluster for one job, its workers in the command's own JVM. */
class LocalCommandIT {
    private static final Pattern BY_WORKER = Pattern.compile("by worker \\{(.*)}");
    private static final Pattern CHUNKS = Pattern.compile("job \\S+: (\\d+) chunks");
    private static final Pattern JOB = Pattern.compile("job (\\S+): \\d+ chunks");

    @TempDir
    Path dir;

    @Test
    void twoWorkersInThisJvmShareTheJobAndLeaveNoPresenceBehind() throws Exception {
        Path storage = dir.resolve("storage");
        CliRun run = CliRun.of("local", "--sample", "3", "--workers", "2", "--chunk-seconds", "1",
                "--storage", storage.toString(), "--redis", TestRedis.url(), "--key-prefix", TestRedis.PREFIX);
        assertEquals(0, run.exit(), run.err());
        Path output = Path.of(run.out().strip());
        assertTrue(Files.isRegularFile(output), run.out());
        assertEquals(new MediaProbe(Ffmpeg.get()).timeline(storage.resolve("samples/sample-3s.mp4")).size(),
                new MediaProbe(Ffmpeg.get()).timeline(output).size(), "every frame of the sample");

        Set<String> workers = workersOf(run.err());
        assertEquals(2, workers.size(), "both workers took tasks: " + run.err());
        String thisJvm = "-" + ProcessHandle.current().pid() + "-";
        workers.forEach(id -> assertTrue(id.contains(thisJvm), id + " runs in this JVM (pid " + thisJvm + ")"));
        for (String id : workers) {
            assertFalse(TestRedis.client().exists(TestRedis.keys().process(id)), id + " deregistered on exit");
        }
        assertTrue(Files.readString(storage.resolve("logs/workers.log")).contains("done in"), "the workers' log is a file");
    }

    @Test
    void everyWorkersBlockedWaitEndsWithTheCommandNotAtItsTimeout() throws Exception {
        try (LocalRedisServer redis = LocalRedisServer.started(false);
             Jedis admin = new Jedis("127.0.0.1", redis.port())) {
            CliRun run = CliRun.of("local", "--sample", "2", "--workers", "8", "--storage", dir.resolve("storage").toString(),
                    "--redis", redis.url(), "--key-prefix", TestRedis.PREFIX);
            assertEquals(0, run.exit(), run.err());
            // a loop left blocked holds a connection until its timeout, and the JVM's exit for up to 300 ms
            long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            String blocked;
            do {
                blocked = admin.info("clients").replaceAll("(?s).*blocked_clients:(\\d+).*", "$1");
            } while (!blocked.equals("0") && System.nanoTime() < deadline);
            assertEquals("0", blocked, "clients still blocked in BLPOP after the command returned");
        }
    }

    @Test
    void withoutChunkSecondsEachWorkerGetsAShareOfTheVideoNotATenSecondChunk() throws Exception {
        // 30 s, a keyframe every 2 s: 10 s chunks and a finer tail make 4; a share per worker makes 2
        Path clip = TestMedia.standard("local-30s.mp4", 30, 320, 240);
        int frames = new MediaProbe(Ffmpeg.get()).timeline(clip).size();
        assertEquals(4, chunksOf(local(clip, "given", "--chunk-seconds", "10"), frames), "the user's length is kept");
        assertEquals(2, chunksOf(local(clip, "default"), frames));
    }

    @Test
    void localTakesTheProbeStartedBeforeItsCommandLineWasParsed() throws Exception {
        String[] args = localArgs(TestMedia.noAudio(), "early");
        try (InputProbe.Ahead early = LocalCommand.probeAhead(args)) {
            assertNotNull(early, "`local FILE ...` starts a probe of FILE before parsing");
            CliRun run = CliRun.with(VidfleetCommand.commandLine(args, early), args);
            assertEquals(0, run.exit(), run.err());
            assertEquals(early.join().startedAt(), probeStartedAt(run), "the job's probe is the one started early");
        }
    }

    @Test
    void anEarlyProbeOfAnotherFileIsNotTaken() throws Exception {
        Path clip = TestMedia.noAudio();
        String[] args = localArgs(clip, "other");
        try (InputProbe.Ahead other = InputProbe.ahead(TestMedia.shortGop())) {
            long otherEnded = other.join().probedAt();
            CliRun run = CliRun.with(VidfleetCommand.commandLine(args, other), args);
            assertEquals(0, run.exit(), run.err());
            assertTrue(probeStartedAt(run) >= otherEnded, "the command probed its own INPUT");
            assertEquals(new MediaProbe(Ffmpeg.get()).timeline(clip).size(),
                    new MediaProbe(Ffmpeg.get()).timeline(Path.of(run.out().strip())).size(), "every frame of INPUT");
        }
    }

    @Test
    void onlyAnExistingFileRightAfterLocalIsProbedBeforeParsing() {
        String clip = TestMedia.noAudio().toString();
        assertNull(LocalCommand.probeAhead(new String[] {"local", "--workers", "2", clip}), "an option first");
        assertNull(LocalCommand.probeAhead(new String[] {"submit", clip}), "another command");
        assertNull(LocalCommand.probeAhead(new String[] {"local", dir.resolve("missing.mp4").toString()}), "no such file");
        assertNull(LocalCommand.probeAhead(new String[] {"local", dir.toString()}), "a directory");
        assertNull(LocalCommand.probeAhead(new String[] {"local"}), "no argument");
        assertNull(LocalCommand.probeAhead(new String[] {"local", "bad\0path"}), "no path at all: parsing says so");
    }

    @Test
    void aBadLimitInTheEnvironmentIsStillOneLineWithExitCodeTwo() throws Exception {
        // `local FILE` reads the limits before parsing, for its early probe: a bad one must not escape as a trace
        Ffmpeg ffmpeg = Ffmpeg.get();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(localArgs(TestMedia.noAudio(), "limits")));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("VIDFLEET_MAX_FRAME_SIZE", "huge");
        builder.environment().put("VIDFLEET_FFMPEG", ffmpeg.ffmpegPath().toString());
        builder.environment().put("VIDFLEET_FFPROBE", ffmpeg.ffprobePath().toString());
        Process process = builder.start();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the command ends");
        assertEquals(2, process.exitValue(), err);
        assertEquals(1, err.lines().count(), "one line: " + err);
        assertTrue(err.contains("VIDFLEET_MAX_FRAME_SIZE"), err);
    }

    private String[] localArgs(Path clip, String name) {
        return new String[] {"local", clip.toString(), "--storage", dir.resolve(name).toString(), "--redis", TestRedis.url(),
                "--key-prefix", TestRedis.PREFIX};
    }

    /** When the probe of {@code run}'s job started (epoch ms), from the job's log. */
    private static long probeStartedAt(CliRun run) {
        Matcher matcher = JOB.matcher(run.err());
        assertTrue(matcher.find(), run.err());
        for (StreamEntry entry : TestRedis.client().xrange(TestRedis.keys().log(matcher.group(1)), "-", "+")) {
            if ("probed".equals(entry.getFields().get("event"))) {
                return Long.parseLong(entry.getFields().get("startedAt"));
            }
        }
        throw new AssertionError("no probed event in the log of " + matcher.group(1));
    }

    private CliRun local(Path clip, String name, String... more) {
        List<String> args = new ArrayList<>(List.of("local", clip.toString(), "--workers", "2",
                "--storage", dir.resolve(name).toString(), "--redis", TestRedis.url(), "--key-prefix", TestRedis.PREFIX));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    private static int chunksOf(CliRun run, int frames) throws Exception {
        assertEquals(0, run.exit(), run.err());
        assertEquals(frames, new MediaProbe(Ffmpeg.get()).timeline(Path.of(run.out().strip())).size(), "every frame");
        Matcher matcher = CHUNKS.matcher(run.err());
        assertTrue(matcher.find(), run.err());
        return Integer.parseInt(matcher.group(1));
    }

    private static Set<String> workersOf(String err) {
        Matcher matcher = BY_WORKER.matcher(err);
        assertTrue(matcher.find(), err);
        return Pattern.compile(", ").splitAsStream(matcher.group(1)).map(entry -> entry.substring(0, entry.indexOf('=')))
                .collect(Collectors.toSet());
    }
}
