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

    /** The options {@link ClassDataArchive#main} writes beside the archive (see {@code ClassDataArchiveIT}). */
    @Test
    void theLauncherMapsItsArchiveWithTheOptionsRecordedBesideIt() throws IOException {
        String script = Files.readString(ROOT.resolve("vidfleet"));
        assertTrue(script.contains("map_options=\"$(cat \"$archive.options\""), "the launcher reads no options file");
        assertTrue(execLine(ROOT.resolve("vidfleet")).contains("-XX:SharedArchiveFile=\"$archive\" $map_options "),
                "the launcher starts java without the archive's options");
    }

    private static String execLine(Path script) throws IOException {
        return Files.readAllLines(script).stream().filter(line -> line.startsWith("exec java"))
                .findFirst().orElseThrow(() -> new AssertionError(script + " has no 'exec java' line"));
    }

    private static void assertStartsLean(Path script) throws IOException {
        String execLine = execLine(script);
        for (String option : JvmOptions.LEAN) {
            assertTrue(execLine.contains(" " + option + " "), script + " starts java without " + option + ": " + execLine);
        }
    }
}
