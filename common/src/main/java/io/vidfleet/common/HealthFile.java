package io.vidfleet.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

/**
 * {@code VIDFLEET_HEALTH_FILE}: a file a worker or coordinator touches after each heartbeat that reached
 * Redis, so that a container health check ({@code find FILE -mmin -1}) tells a live, connected process from
 * a stuck or disconnected one without starting a JVM. Unset: nothing is written.
 */
public final class HealthFile {
    private static final String PATH = System.getenv("VIDFLEET_HEALTH_FILE");

    private HealthFile() {
    }

    public static void touch() {
        if (PATH == null || PATH.isBlank()) {
            return;
        }
        try {
            Path file = Path.of(PATH);
            if (!Files.exists(file)) {
                Files.createFile(file);
            }
            Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException | RuntimeException e) {
            // a health file that cannot be written reads as unhealthy, which is the truth
        }
    }
}
