package io.vidfleet.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The scripts that start vidfleet's JVMs use the options the Java side starts its own children with. */
class LauncherOptionsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void theLauncherStartsEveryCommandLean() throws IOException {
        assertStartsLean(ROOT.resolve("vidfleet"));
    }

    @Test
    void theImagesWrapperStartsEveryCommandLean() throws IOException {
        assertStartsLean(ROOT.resolve("docker/vidfleet.sh"));
    }

    private static void assertStartsLean(Path script) throws IOException {
        String execLine = Files.readAllLines(script).stream().filter(line -> line.startsWith("exec java"))
                .findFirst().orElseThrow(() -> new AssertionError(script + " has no 'exec java' line"));
        for (String option : JvmOptions.LEAN) {
            assertTrue(execLine.contains(" " + option + " "), script + " starts java without " + option + ": " + execLine);
        }
    }
}
