package io.vidfleet.cli.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidfleet.cli.JvmOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A baseline build runs as this build does: the launcher's JVM options and a class-data archive of its own. */
class FleetLauncherIT {
    /** This module's own jar stands in for an older build: the shade plugin made it before the ITs run. */
    private static final Path JAR = Path.of("target/vidfleet-cli-0.1.0-SNAPSHOT-all.jar").toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void aBaselineJarStartsLikeTheLauncherStartsACommand() throws IOException {
        assertTrue(Files.isRegularFile(JAR), "no shaded jar at " + JAR);
        Path archive = dir.resolve("baseline.jsa");
        List<String> command = FleetLauncher.jar(JAR, archive);
        assertTrue(Files.size(archive) > 1_000_000, "an archive was recorded: " + archive);
        assertTrue(command.containsAll(JvmOptions.LEAN), command.toString());
        assertTrue(command.contains("-XX:SharedArchiveFile=" + archive), command.toString());
        assertTrue(command.indexOf("-jar") > command.indexOf("-XX:SharedArchiveFile=" + archive), command.toString());
    }
}
