package io.vidfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vidfleet.testing.TestMedia;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A machine without one of the libraries the bundled FFmpeg needs (as the minimal Debian base of the Docker image was,
 * without libxcb-shm0) gets one line naming the package to install and exit code 2, not JavaCPP's message.
 * The library is hidden from one child JVM in a private mount namespace, so this needs root and {@code unshare}.
 */
class MissingLibraryIT {
    @TempDir
    Path dir;

    @Test
    void aMissingSystemLibraryNamesItsPackage() throws Exception {
        Path output = dir.resolve("sample.mp4");
        assertNamesThePackage("sample", output.toString(), "--seconds", "1", "--size", "64x36");
        assertFalse(Files.exists(output), "nothing written");
    }

    @Test
    void localNamesItToo() throws Exception {
        // `local FILE` looks for FFmpeg on a thread of its own too, while the command line is parsed
        Path output = dir.resolve("out.mp4");
        assertNamesThePackage("local", TestMedia.noAudio().toString(), "--storage", dir.resolve("storage").toString(),
                "--output", output.toString());
        assertFalse(Files.exists(output), "nothing written");
    }

    private void assertNamesThePackage(String... args) throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to hide a library in a mount namespace");
        Path library = systemLibrary("libxcb-shm.so.0");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String script = "mount --bind /dev/null \"$1\" && shift && exec \"$@\"";
        List<String> command = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private", "sh", "-c",
                script, "sh", library.toString(), java, "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the command ends");

        assertEquals(2, process.exitValue(), err);
        assertEquals(1, err.lines().count(), "one line: " + err);
        assertTrue(err.contains("libxcb-shm.so.0") && err.contains("apt-get install libxcb-shm0"), err);
    }

    private static Path systemLibrary(String soname) throws IOException, InterruptedException {
        Process ldconfig = new ProcessBuilder("ldconfig", "-p").start();
        String cache = new String(ldconfig.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        ldconfig.waitFor();
        String line = cache.lines().filter(l -> l.strip().startsWith(soname + " ")).findFirst().orElse("");
        assumeTrue(line.contains("=>"), soname + " is not installed here");
        return Path.of(line.substring(line.indexOf("=>") + 2).strip());
    }
}
