package io.vidfleet.common.media;

import io.vidfleet.common.error.MissingLibraryException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The shared libraries that the bundled FFmpeg (its executables and JavaCPP's JNI libraries) needs from the machine,
 * and the Debian/Ubuntu package of each. Finds which one is missing, so the user is told what to install instead of
 * JavaCPP's "no jniavdevice in java.library.path".
 */
public final class SharedLibraries {
    /**
     * Every library outside the bundle that its files link against ({@code readelf -d}: NEEDED), with its package.
     * The README, {@code .ci/run} and {@code docker/Dockerfile} install the same packages.
     */
    static final Map<String, String> PACKAGE_OF = Map.ofEntries(
            Map.entry("libpulse.so.0", "libpulse0"),
            Map.entry("libxcb-shm.so.0", "libxcb-shm0"),
            Map.entry("libxcb.so.1", "libxcb1"),
            Map.entry("libasound.so.2", "libasound2"),
            Map.entry("libstdc++.so.6", "libstdc++6"),
            Map.entry("libgcc_s.so.1", "libgcc-s1"),
            Map.entry("libc.so.6", "libc6"),
            Map.entry("libm.so.6", "libc6"),
            Map.entry("libmvec.so.1", "libc6"));

    /** The dynamic loader's words for a library it cannot load ("cannot open shared object file", "file too short"). */
    private static final Pattern LOADER_ERROR = Pattern.compile("error while loading shared libraries: ([^:\\s]+):");
    private static final Pattern LDD_NOT_FOUND = Pattern.compile("(?m)^\\s*(\\S+) => not found");
    /** cache/JAR/org/bytedeco/ffmpeg/PLATFORM/FILE */
    private static final int BUNDLE_DEPTH = 6;
    private static final Duration LDD_LIMIT = Duration.ofSeconds(10);

    private SharedLibraries() {
    }

    /** The library named as missing in a loader error or in {@code ldd} output, if any. */
    static Optional<String> missingIn(String text) {
        if (text == null) {
            return Optional.empty();
        }
        for (Pattern pattern : List.of(LOADER_ERROR, LDD_NOT_FOUND)) {
            Matcher matcher = pattern.matcher(text);
            if (matcher.find()) {
                // a library found but unloadable (corrupt, wrong architecture) is named by its path
                return Optional.of(Path.of(matcher.group(1)).getFileName().toString());
            }
        }
        return Optional.empty();
    }

    /** The first library that a file in {@code dir} needs and this machine cannot load, found by {@code ldd}. */
    static Optional<String> missingUnder(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.walk(dir, BUNDLE_DEPTH)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> f.toString().contains("/org/bytedeco/"))
                    .filter(f -> !Files.isSymbolicLink(f))
                    .map(SharedLibraries::lddMissing)
                    .flatMap(Optional::stream)
                    .findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The error for a missing library: names the package to install when the library is one of the bundle's. */
    static MissingLibraryException missing(String library) {
        String pkg = PACKAGE_OF.get(library);
        String fix = pkg == null
                ? "install the package that provides it"
                : "install the package " + pkg + " (sudo apt-get install " + pkg + ")";
        return new MissingLibraryException("the bundled FFmpeg needs " + library + ", which this machine lacks: " + fix);
    }

    private static Optional<String> lddMissing(Path file) {
        ProcessBuilder ldd = new ProcessBuilder("ldd", file.toString()).redirectErrorStream(true);
        // the bundle's own libraries sit beside each other: only what is missing from the machine counts
        ldd.environment().put("LD_LIBRARY_PATH", file.getParent().toString());
        try {
            Process process = ldd.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(LDD_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return Optional.empty();
            }
            return missingIn(output);
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
