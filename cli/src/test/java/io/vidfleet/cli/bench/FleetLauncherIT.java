package io.vidfleet.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidfleet.cli.JvmOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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

    /** {@code java -jar vidfleet.jar bench}: no archive inherited, so this build records one, as a baseline does. */
    @Test
    void thisBuildStartedWithoutTheLaunchersArchiveRecordsOneOfItsOwn() throws IOException {
        Path archive = dir.resolve("this-build.jsa");
        List<String> command = FleetLauncher.thisBuild(List.of("-XX:TieredStopAtLevel=1"), JAR.toString(), archive);
        assertTrue(Files.size(archive) > 1_000_000, "an archive was recorded: " + archive);
        assertTrue(command.contains("-XX:SharedArchiveFile=" + archive), command.toString());
    }

    /** Started by the launcher: its archive is inherited and used, none is recorded. */
    @Test
    void thisBuildStartedByTheLauncherKeepsItsArchive() {
        Path archive = dir.resolve("this-build.jsa");
        String inherited = "-XX:SharedArchiveFile=" + dir.resolve("launcher.jsa");
        List<String> command = FleetLauncher.thisBuild(List.of(inherited), JAR.toString(), archive);
        assertTrue(command.contains(inherited), command.toString());
        assertTrue(!Files.exists(archive), "no archive of its own: " + command);
    }

    /**
     * picocli ships Java 5 class files: JDK 17 keeps those out of an archive recorded at exit and runs its old
     * verifier on all of them at every start (0.07 to 0.09 s). The archive must hold them anyway.
     */
    @Test
    void theArchiveHoldsTheCommandLineParser() throws Exception {
        List<String> command = new ArrayList<>(FleetLauncher.jar(JAR, dir.resolve("baseline.jsa")));
        command.add(command.indexOf("-jar"), "-Xlog:class+load=info");
        command.addAll(List.of("local", "--version"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String log = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor());
        long archived = log.lines().filter(line -> line.contains(" picocli.") && line.contains("source: shared objects file")).count();
        long read = log.lines().filter(line -> line.contains(" picocli.") && line.contains("source: file:")).count();
        // JDK 17 links picocli.CommandLine itself while dumping and then leaves it out: one class, not 170
        assertTrue(archived > 100 && read <= 3, archived + " of picocli's classes mapped, " + read + " read from the jar");
    }
}
