package io.vidfleet.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A dynamic class-data-sharing archive of the worker JVM's classes (JDK 13+): the first worker that
 * finds none writes one when it exits, later workers map it and start faster. Named by a digest of the
 * JVM and the classpath (jar sizes and times included), so a rebuilt jar or another JDK never uses a
 * stale archive; written under a temporary name and renamed, so a half-written one is never used.
 */
final class ClassDataArchive {
    private final Path file;
    private final Path partial;
    private boolean writing;

    private ClassDataArchive(Path file) {
        this.file = file;
        this.partial = file.resolveSibling(".partial-" + ProcessHandle.current().pid() + "-" + file.getFileName());
    }

    static ClassDataArchive in(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            return null;
        }
        return new ClassDataArchive(dir.resolve("worker-" + fingerprint() + ".jsa"));
    }

    /** JVM options: use the archive when there is one, else (for {@code writer}) write it at exit. */
    List<String> options(boolean writer) {
        if (Files.isRegularFile(file)) {
            return List.of("-XX:SharedArchiveFile=" + file, "-Xshare:auto", "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
        }
        if (writer) {
            writing = true;
            return List.of("-XX:ArchiveClassesAtExit=" + partial, "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
        }
        return List.of();
    }

    /** After the workers exited: the archive written by this run, if any, takes its place. */
    void publish() {
        if (!writing) {
            return;
        }
        try {
            if (Files.isRegularFile(partial) && Files.size(partial) > 0 && !Files.exists(file)) {
                Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
                deleteOthers();
            }
            Files.deleteIfExists(partial);
        } catch (IOException ignored) {
            // without an archive workers start as they would anyway
        }
    }

    /** Archives of other builds are never used again. */
    private void deleteOthers() throws IOException {
        try (var files = Files.list(file.getParent())) {
            for (Path other : files.toList()) {
                String name = other.getFileName().toString();
                if (name.startsWith("worker-") && name.endsWith(".jsa") && !other.equals(file)) {
                    Files.deleteIfExists(other);
                }
            }
        }
    }

    private static String fingerprint() {
        StringBuilder key = new StringBuilder(System.getProperty("java.home")).append(System.getProperty("java.vm.version"));
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path path = Path.of(entry);
            key.append('|').append(entry);
            try {
                key.append(':').append(Files.size(path)).append(':').append(Files.getLastModifiedTime(path).toMillis());
            } catch (IOException | RuntimeException ignored) {
                // a missing entry changes nothing
            }
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            return Integer.toHexString(key.toString().hashCode());
        }
    }
}
