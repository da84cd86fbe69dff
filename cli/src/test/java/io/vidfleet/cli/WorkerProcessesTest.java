package io.vidfleet.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkerProcessesTest {

    @Test
    void workersAreKilledOnlyAfterTheirGraceAndReleaseHadTime() {
        assertTrue(WorkerProcesses.stopTimeout(List.of()).compareTo(Duration.ofSeconds(WorkerCommand.DEFAULT_GRACE_SECONDS + 10)) > 0);
        assertTrue(WorkerProcesses.stopTimeout(List.of("--grace-seconds", "120")).compareTo(Duration.ofSeconds(130)) > 0);
        assertTrue(WorkerProcesses.stopTimeout(List.of("--grace-seconds", "0")).compareTo(Duration.ofSeconds(10)) > 0);
    }
}
