package io.vidfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every numeric option refuses zero, negative, huge and non-numbers while it is parsed: one line, exit 2. */
class OptionRangesTest {
    @TempDir
    Path dir;

    private void assertRefused(String option, String... args) {
        CliRun run = CliRun.of(args);
        String shown = String.join(" ", args) + " -> " + run;
        assertEquals(2, run.exit(), shown);
        assertEquals(1, run.err().strip().lines().count(), shown);
        assertTrue(run.err().startsWith("vidfleet: ") && run.err().contains(option), shown);
        assertFalse(run.err().contains("\tat "), shown);
    }

    @Test
    void sampleRefusesAZeroOrHugeLengthAndABadSize() {
        String file = dir.resolve("no-such-dir/s.mp4").toString();
        assertRefused("--seconds", "sample", file, "--seconds", "0");
        assertRefused("--seconds", "sample", file, "--seconds", "-5");
        assertRefused("--seconds", "sample", file, "--seconds", "1e9");
        assertRefused("--seconds", "sample", file, "--seconds", "NaN");
        assertRefused("--size", "sample", file, "--size", "0x0");
        assertRefused("--size", "sample", file, "--size", "12000x12000");
        assertRefused("--size", "sample", file, "--size", "321x240");
    }

    @Test
    void workerRefusesZeroAndHugeValues() {
        String redis = "--redis=redis://127.0.0.1:1";
        assertRefused("--hang-seconds", "worker", redis, "--hang-seconds", "0");
        assertRefused("--hang-seconds", "worker", redis, "--hang-seconds", "99999999999999999999");
        assertRefused("--grace-seconds", "worker", redis, "--grace-seconds", "-1");
        assertRefused("--concurrency", "worker", redis, "--concurrency", "0");
        assertRefused("--concurrency", "worker", redis, "--concurrency", "100000");
        assertRefused("--threads", "worker", redis, "--threads", "-1");
    }

    @Test
    void submitAndLocalAndStatusRefuseOutOfRangeValues() {
        String redis = "--redis=redis://127.0.0.1:1";
        String input = dir.resolve("in.mp4").toString();
        assertRefused("--chunk-seconds", "submit", input, redis, "--chunk-seconds", "0.001");
        assertRefused("--chunk-seconds", "submit", input, redis, "--chunk-seconds", "Infinity");
        assertRefused("--lease-seconds", "submit", input, redis, "--lease-seconds", "0");
        assertRefused("--max-attempts", "submit", input, redis, "--max-attempts", "0");
        assertRefused("--max-attempts", "submit", input, redis, "--max-attempts", "1000000");
        assertRefused("--task-timeout", "submit", input, redis, "--task-timeout", "0");
        assertRefused("--workers", "local", input, "--workers", "0");
        assertRefused("--sample", "local", "--sample", "0");
        assertRefused("--limit", "status", redis, "--limit", "0");
        assertRefused("--limit", "status", redis, "--limit", "-3");
    }
}
