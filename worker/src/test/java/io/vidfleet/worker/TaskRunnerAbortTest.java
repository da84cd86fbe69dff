package io.vidfleet.worker;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidfleet.common.error.MediaException;
import io.vidfleet.common.jobs.TaskSpec;
import io.vidfleet.common.media.Ffmpeg;
import io.vidfleet.common.queue.ClaimedTask;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import io.vidfleet.common.storage.SharedDirectoryStorage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Once a task's lease is lost between two FFmpeg runs (say, during the frame count), no further run starts. */
class TaskRunnerAbortTest {

    @Test
    void noFfmpegStartsForATaskThatWasStoppedBetweenTwoRuns(@TempDir Path storage) {
        Ffmpeg ffmpeg = Ffmpeg.get();
        TaskRunner runner = new TaskRunner(null, null, new SharedDirectoryStorage(storage), ffmpeg, WorkerSettings.defaults(List.of("h264")),
                Executors.newSingleThreadScheduledExecutor(), io.vidfleet.common.metrics.VidfleetMetrics.create(), "test-worker");
        ClaimedTask task = new ClaimedTask("job", TaskSpec.audio(), 1, 1, Duration.ofSeconds(30), "in", "h264-720p", false);
        runner.abortCurrent("lease lost"); // no process runs at this moment: the next one must not start
        long started = System.nanoTime();
        MediaException refused = assertThrows(MediaException.class, () -> runner.execute(
                ffmpeg.ffmpeg("-f", "lavfi", "-i", "testsrc=duration=30", "-f", "null", "-"), task, Duration.ofMinutes(1)));
        assertTrue(refused.getMessage().contains("lease lost"), refused.getMessage());
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(20)) < 0, "it never ran");
    }
}
