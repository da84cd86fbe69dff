package io.vidfleet.worker;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidfleet.common.error.MediaException;
import io.vidfleet.common.media.Ffmpeg;
import io.vidfleet.common.metrics.VidfleetMetrics;
import io.vidfleet.common.storage.SharedDirectoryStorage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The frame count after an encode is part of the attempt: the job's per-task limit and a lost lease stop
 * it as they stop the encode. A FIFO that nobody writes makes ffprobe hang in open(), so the count is
 * what runs out (its own probe limit is a minute).
 */
class AttemptDeadlineTest {
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private TaskRunner runner() {
        return new TaskRunner(null, null, new SharedDirectoryStorage(dir.resolve("storage")), Ffmpeg.get(),
                WorkerSettings.defaults(List.of("h264")), scheduler, VidfleetMetrics.create(), "test-worker");
    }

    private Path hangingInput() throws Exception {
        Path fifo = dir.resolve("chunk.mp4");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo");
        return fifo;
    }

    @Test
    void theTaskTimeLimitCoversTheFrameCount() throws Exception {
        Path chunk = hangingInput();
        TaskRunner runner = runner();
        runner.beginAttempt(Duration.ofSeconds(1));
        long started = System.nanoTime();
        MediaException e = assertThrows(MediaException.class, () -> runner.countFrames(chunk));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertTrue(e.getMessage().contains("task time limit"), e.getMessage());
        assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, "killed at the attempt's deadline, not the probe's: " + took);
    }

    @Test
    void aLostLeaseKillsTheFrameCount() throws Exception {
        Path chunk = hangingInput();
        TaskRunner runner = runner();
        runner.beginAttempt(Duration.ofMinutes(10));
        scheduler.schedule(() -> runner.abortCurrent("lease lost"), 500, TimeUnit.MILLISECONDS);
        long started = System.nanoTime();
        MediaException e = assertThrows(MediaException.class, () -> runner.countFrames(chunk));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertTrue(e.getMessage().contains("lease lost"), e.getMessage());
        assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, "killed when the lease was lost: " + took);
    }
}
