package io.vidfleet.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ChildCpuTest {
    @Test
    void aChildThatBurnsCpuIsCountedOnceItHasEnded() throws Exception {
        long before = ChildCpu.millis();
        assertTrue(before >= 0, "this test runs on Linux, where /proc/self/stat says");
        // a busy shell loop: about half a second of CPU, no I/O to speak of
        Process busy = new ProcessBuilder("sh", "-c", "i=0; while [ $i -lt 400000 ]; do i=$((i+1)); done").start();
        assertTrue(busy.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, busy.exitValue());
        long used = ChildCpu.since(before);
        assertTrue(used >= 100, "the child's CPU time is counted: " + used + " ms");
    }

    @Test
    void anUnknownStartIsUnknown() {
        assertEquals(-1, ChildCpu.since(-1));
    }
}
