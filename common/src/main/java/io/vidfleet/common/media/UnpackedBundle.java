package io.vidfleet.common.media;

import java.io.IOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarEntry;
import org.bytedeco.javacpp.Loader;

/**
 * An executable of the bundle as JavaCPP's Loader left it unpacked in its cache by an earlier run. Taking
 * it from there spares {@code Loader.load}, which also loads every FFmpeg library into this JVM (about
 * 0.2 s of each command's start) although vidfleet only runs the executables. The file counts only when
 * its size and time are those of the jar entry it was unpacked from: a newer bundle is unpacked again
 * by the Loader.
 */
final class UnpackedBundle {
    /** Zip entry times have a two-second resolution. */
    private static final long TIME_TOLERANCE_MILLIS = 2_000;

    private UnpackedBundle() {
    }

    /** The unpacked {@code name} of {@code bundled}'s package, when it is there and current. */
    static Optional<Path> executable(Class<?> bundled, String name) {
        for (String platform : List.of(Loader.getPlatform() + "-gpl", Loader.getPlatform())) {
            URL resource = bundled.getResource(platform + "/" + name);
            if (resource != null) {
                return unpacked(bundled, platform + "/" + name, resource);
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> unpacked(Class<?> bundled, String relative, URL resource) {
        try {
            URLConnection connection = resource.openConnection();
            if (!(connection instanceof JarURLConnection jar)) {
                return Optional.empty();
            }
            connection.setUseCaches(true); // the class loader's open jar, not a second copy
            JarEntry entry = jar.getJarEntry();
            Path jarFile = Path.of(jar.getJarFileURL().toURI());
            Path file = Loader.getCacheDir().toPath().resolve(jarFile.getFileName().toString())
                    .resolve(bundled.getPackageName().replace('.', '/')).resolve(relative);
            boolean current = Files.isExecutable(file) && Files.size(file) == entry.getSize()
                    && Math.abs(Files.getLastModifiedTime(file).toMillis() - entry.getTime()) <= TIME_TOLERANCE_MILLIS;
            return current ? Optional.of(file) : Optional.empty();
        } catch (IOException | URISyntaxException | RuntimeException e) {
            return Optional.empty(); // the Loader unpacks it
        }
    }
}
