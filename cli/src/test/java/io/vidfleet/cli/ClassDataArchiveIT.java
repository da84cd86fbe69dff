package io.vidfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The archive the launcher records, and the options it starts with beside it. */
class ClassDataArchiveIT {
    /** This module's jar, made by the shade plugin before the ITs run. */
    private static final Path JAR = Path.of("target/vidfleet-cli-0.1.0-SNAPSHOT-all.jar").toAbsolutePath();

    @TempDir
    Path dir;

    /**
     * A start with the options written beside the archive maps it where it was recorded. A JDK that maps archives
     * at a random address by default (Debian's 17) logs that it tries another address, and then relocates it.
     */
    @Test
    void aStartWithTheRecordedOptionsMapsTheArchiveWithoutRelocatingIt() throws Exception {
        Path archive = dir.resolve("vidfleet-cli.jsa");
        ClassDataArchive.main(new String[] {JAR.toString(), archive.toString()});
        List<String> options = ClassDataArchive.mapOptions(archive);
        assertFalse(options.isEmpty(), "no options recorded beside the archive");

        String log = startLogged(archive, options);
        assertTrue(log.contains("Mapped static  region"), log);
        assertFalse(log.contains("alternative address"), log);
    }

    private static String startLogged(Path archive, List<String> mapOptions) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(JvmOptions.LEAN);
        command.add("-XX:SharedArchiveFile=" + archive);
        command.addAll(mapOptions);
        command.addAll(List.of("-Xlog:cds=info", "-jar", JAR.toString(), "--version"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String log = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), log);
        return log;
    }
}
