package io.vidfleet.common.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessRunnerTest {

    @Test
    void aProcessStillRunningAtItsTimeLimitIsKilled() {
        long started = System.nanoTime();
        // prints all the time, so only the overall limit (not the idle one) can stop it
        ProcessResult result = new ProcessRunner(List.of("sh", "-c", "while true; do echo tick; sleep 0.05; done"), Map.of())
                .run(Duration.ofSeconds(30), Duration.ofMillis(700));
        assertTrue(result.killed(), "killed");
        assertFalse(result.ok());
        assertTrue(result.killReason().contains("time limit"), result.killReason());
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toSeconds() < 20, "stopped promptly");
    }

    @Test
    void streamedOutputArrivesLineByLineAndIsNotKept() {
        List<String> lines = new ArrayList<>();
        ProcessResult result = new ProcessRunner(List.of("sh", "-c", "for i in 1 2 3; do echo line$i; done"), Map.of())
                .run(null, Duration.ofSeconds(30), lines::add);
        assertTrue(result.ok());
        assertEquals(List.of("line1", "line2", "line3"), lines);
        assertEquals("", result.stdout());
    }

    @Test
    void inputCausedErrorsAreToldFromTransientOnes() {
        assertTrue(FfmpegErrors.causedByInput("[in#0] Error opening input: Invalid data found when processing input"));
        assertTrue(FfmpegErrors.causedByInput("Nothing was written into output file, because at least one of its streams received no packets."));
        assertFalse(FfmpegErrors.causedByInput("av_interleaved_write_frame(): No space left on device\\nInvalid data found"));
        assertFalse(FfmpegErrors.causedByInput("Conversion failed!"));
    }
}
