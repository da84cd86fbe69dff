package io.vidfleet.cli;

import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * How vidfleet's JVMs are started. Every one of them mostly waits on Redis and FFmpeg, so the C2
 * compiler and G1's threads would only take CPU from the encoders: the {@code vidfleet} launcher, the
 * image's wrapper ({@code docker/vidfleet.sh}) and the JVMs {@code vidfleet bench} starts all use {@link #LEAN}
 * ({@code LauncherOptionsTest} holds the scripts to it).
 */
public final class JvmOptions {
    public static final List<String> LEAN = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private JvmOptions() {
    }

    /**
     * The {@code -XX:} options this JVM was started with (the launcher's, its class-data archive
     * included), for a child that should start the way a user's command does.
     */
    public static List<String> inherited() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(option -> option.startsWith("-XX:") && !option.startsWith("-XX:ArchiveClassesAtExit"))
                .toList();
    }
}
