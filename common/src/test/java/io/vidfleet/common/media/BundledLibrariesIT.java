package io.vidfleet.common.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package table covers every library the bundled FFmpeg takes from the machine: a new FFmpeg build that links
 * against one more system library fails here, before a user on a minimal Debian meets JavaCPP's error.
 */
class BundledLibrariesIT {
    private static final Pattern NEEDED = Pattern.compile("\\(NEEDED\\)\\s+Shared library: \\[([^\\]]+)\\]");
    /** Always there, never a package a user installs by hand. */
    private static final Set<String> LOADER = Set.of("ld-linux-x86-64.so.2");

    @Test
    void everySystemLibraryTheBundleNeedsHasAPackage() throws Exception {
        Path bundle = Ffmpeg.get().ffmpegPath().getParent();
        Set<String> fromMachine = new TreeSet<>();
        try (Stream<Path> files = Files.list(bundle)) {
            for (Path file : files.filter(f -> Files.isRegularFile(f) && !Files.isSymbolicLink(f)).toList()) {
                fromMachine.addAll(systemLibraries(bundle, file));
            }
        }
        assertTrue(fromMachine.contains("libxcb-shm.so.0"), "readelf saw the bundle's system libraries: " + fromMachine);
        fromMachine.removeAll(LOADER);
        fromMachine.removeAll(SharedLibraries.PACKAGE_OF.keySet());
        assertEquals(Set.of(), fromMachine, "system libraries the bundle needs but the package table does not name");
    }

    /** What the file links against directly (its packages bring their own dependencies) and the bundle lacks. */
    @Test
    void theListOfPackagesToInstallNamesEveryPackageOfTheTable() throws IOException {
        // the README, .ci/run and the Dockerfile install what this file lists
        Path list = Path.of("..", "docker", "runtime-packages.txt");
        Set<String> listed = new TreeSet<>(Files.readAllLines(list).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList());
        Set<String> needed = new TreeSet<>(SharedLibraries.PACKAGE_OF.values());
        needed.remove("libc6"); // essential: on every Debian and Ubuntu
        needed.remove("libgcc-s1"); // likewise
        needed.removeAll(listed);
        assertEquals(Set.of(), needed, "packages the bundle needs that " + list + " does not list");
    }

    private static Set<String> systemLibraries(Path bundle, Path file) throws IOException, InterruptedException {
        Process readelf = new ProcessBuilder("readelf", "-d", file.toString()).redirectErrorStream(true).start();
        String output = new String(readelf.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        readelf.waitFor();
        Set<String> found = new TreeSet<>();
        Matcher matcher = NEEDED.matcher(output);
        while (matcher.find()) {
            if (!Files.exists(bundle.resolve(matcher.group(1)))) {
                found.add(matcher.group(1));
            }
        }
        return found;
    }
}
