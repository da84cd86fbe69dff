package io.vidfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidfleet.common.jobs.JobRecord;
import io.vidfleet.common.jobs.JobState;
import io.vidfleet.common.media.Ffmpeg;
import io.vidfleet.common.media.MediaProbe;
import io.vidfleet.common.media.ProcessResult;
import io.vidfleet.common.store.JobStore;
import io.vidfleet.testing.TestMedia;
import io.vidfleet.testing.TestRedis;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Long inputs at a tiny frame size (64x36, 60 fps, no audio): submit (probe + plan) and the coordinator
 * (stitch + verification) each run in a JVM whose heap is capped at 256 MB, workers in two more JVMs.
 * Both are opt-in ({@code ./mvnw verify -Plong-input}): the ten-minute input and the two-hour one
 * (432,000 frames, over 1,000 chunks; ManyChunksIT covers 1,000+ chunks in the default suite). Prints submit-to-first-claim and stitch+verify times.
 */
class LongInputIT {
    private static final Ffmpeg FFMPEG = Ffmpeg.get();

    @Test
    @Tag("long-input") // about two minutes on a shared 2-core machine: over the default suite's budget
    void tenMinutesAt60fps() throws Exception {
        runLongInput(600, 20);
    }

    @Test
    @Tag("long-input")
    void twoHoursAt60fpsInOverAThousandChunks() throws Exception {
        runLongInput(7200, 7);
    }

    private static void runLongInput(int seconds, int chunkSeconds) throws Exception {
        Path source = generate(seconds, chunkSeconds);
        Path storage = Files.createTempDirectory("vidfleet-long-");
        Path logs = storage.resolve("logs");
        Files.createDirectories(logs);
        List<String> common = List.of("--redis", TestRedis.url(), "--storage", storage.toString());
        JobStore store = TestRedis.store();
        Process coordinator = jvm(logs.resolve("coordinator.log"), "coordinator", common);
        try (WorkerProcesses workers = WorkerProcesses.start(2, concat(common, List.of("--queues", "h264", "--concurrency", "1",
                "--threads", "1")), logs)) {
            long submitStarted = System.currentTimeMillis();
            Process submit = jvm(logs.resolve("submit.log"), "submit", concat(List.of(source.toString(), "--profile", "h264-720p",
                    "--chunk-seconds", Integer.toString(chunkSeconds)), common));
            assertTrue(submit.waitFor(30, TimeUnit.MINUTES), "submit ended");
            String submitLog = Files.readString(logs.resolve("submit.log"));
            assertEquals(0, submit.exitValue(), "submit failed: " + submitLog);
            String jobId = lastLine(submitLog);
            JobRecord job = await(store, jobId, Duration.ofMinutes(seconds > 1000 ? 240 : 10));
            assertEquals(JobState.DONE, job.state(), job.reason() + "; coordinator log: " + logs);
            Map<String, String> hash = store.redis().hgetAll(store.keys().job(jobId));
            long firstClaim = Long.parseLong(hash.get("startedAt"));
            long encoded = Long.parseLong(hash.get("encodedAt"));
            long finished = Long.parseLong(hash.get("finishedAt"));
            Path output = Path.of(job.output()).isAbsolute() ? Path.of(job.output()) : storage.resolve(job.output());
            int frames = new MediaProbe(FFMPEG).timeline(output).size();
            System.out.printf(Locale.ROOT, "LONG INPUT %d s at 60 fps: %d chunks, submit-to-first-claim %.1f s, stitch+verify %.1f s,"
                            + " coordinator peak RSS %s, output frames %d%n", seconds, job.tasksTotal(),
                    (firstClaim - submitStarted) / 1000.0, (finished - encoded) / 1000.0, peakRss(coordinator), frames);
            assertEquals(seconds * 60, frames, "every frame");
            assertTrue(coordinator.isAlive(), "the coordinator survived with a 256 MB heap");
        } finally {
            coordinator.destroy();
            coordinator.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static Path generate(int seconds, int chunkSeconds) {
        Path file = TestMedia.directory().resolve("long-" + seconds + ".mp4");
        if (!Files.exists(file)) {
            ProcessResult result = FFMPEG.runner(FFMPEG.ffmpeg("-f", "lavfi", "-i", "testsrc2=size=64x36:rate=60:duration=" + seconds,
                    "-c:v", "libx264", "-preset", "ultrafast", "-g", Integer.toString(chunkSeconds * 60), "-bf", "2",
                    "-pix_fmt", "yuv420p", file.toString())).run(null, Duration.ofHours(2));
            assertTrue(result.ok(), "cannot make the long input: " + result.lastErrorLine());
        }
        return file;
    }

    /** A vidfleet command in a JVM of its own with a 256 MB heap: stdout to {@code log}, stderr beside it. */
    private static Process jvm(Path log, String subcommand, List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), Main.class.getName(), subcommand));
        command.addAll(args);
        Path errors = log.resolveSibling(log.getFileName() + ".err");
        return new ProcessBuilder(command).redirectOutput(log.toFile()).redirectError(errors.toFile()).start();
    }

    private static JobRecord await(JobStore store, String jobId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JobRecord job = store.get(jobId);
            if (job.state().terminal() && job.finishedAt() != null) {
                return job;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("job " + jobId + " did not end within " + timeout + ": " + store.get(jobId));
    }

    private static String peakRss(Process process) {
        try {
            return Files.readAllLines(Path.of("/proc/" + process.pid() + "/status")).stream()
                    .filter(l -> l.startsWith("VmHWM")).map(l -> l.replaceAll("\\s+", " ")).findFirst().orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        return lines[lines.length - 1].strip();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
