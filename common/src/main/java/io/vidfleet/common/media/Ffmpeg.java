package io.vidfleet.common.media;

import io.vidfleet.common.error.MediaException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bytedeco.javacpp.Loader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the ffmpeg and ffprobe executables are. By default the ones bundled in the
 * {@code org.bytedeco:ffmpeg} jar, unpacked by JavaCPP's Loader into its cache; {@code VIDFLEET_FFMPEG}
 * and {@code VIDFLEET_FFPROBE} point at others. Checked once, so a machine that cannot run them
 * (no libpulse0) gets one clear error instead of a failed chunk per task.
 */
public final class Ffmpeg {
    private static final Logger log = LoggerFactory.getLogger(Ffmpeg.class);
    /** The limit of a command run without one of its own: nothing the project runs should take this long. */
    public static final Duration DEFAULT_LIMIT = Duration.ofMinutes(10);
    private static volatile Ffmpeg instance;

    private final Path ffmpeg;
    private final Path ffprobe;
    private final Map<String, String> environment;

    private Ffmpeg(Path ffmpeg, Path ffprobe) {
        this.ffmpeg = ffmpeg;
        this.ffprobe = ffprobe;
        // the bundled executables find their shared libraries beside them
        this.environment = Map.of("LD_LIBRARY_PATH", libraryPath(ffmpeg));
    }

    public static Ffmpeg get() {
        Ffmpeg found = instance;
        if (found == null) {
            synchronized (Ffmpeg.class) {
                if (instance == null) {
                    instance = locate();
                }
                found = instance;
            }
        }
        return found;
    }

    public Path ffmpegPath() {
        return ffmpeg;
    }

    public Path ffprobePath() {
        return ffprobe;
    }

    /** An ffmpeg command line: quiet, never reading stdin, overwriting its (temporary) output. */
    public List<String> ffmpeg(String... args) {
        List<String> command = new ArrayList<>(List.of(ffmpeg.toString(), "-hide_banner", "-nostdin", "-y", "-loglevel", "error"));
        command.addAll(List.of(args));
        return command;
    }

    public List<String> ffprobe(String... args) {
        List<String> command = new ArrayList<>(List.of(ffprobe.toString(), "-v", "error"));
        command.addAll(List.of(args));
        return command;
    }

    public ProcessRunner runner(List<String> command) {
        return new ProcessRunner(command, environment);
    }

    /** Runs a short command (no input to speak of) under {@link #DEFAULT_LIMIT}. */
    public ProcessResult run(List<String> command) {
        return run(command, DEFAULT_LIMIT);
    }

    /** Runs a command, killing it if it is still running after {@code timeLimit} (see {@link TimeLimits}). */
    public ProcessResult run(List<String> command, Duration timeLimit) {
        return runner(command).run(null, timeLimit);
    }

    private static Ffmpeg locate() {
        if (System.getenv("VIDFLEET_FFMPEG") == null && System.getenv("VIDFLEET_FFPROBE") == null) {
            Optional<Ffmpeg> unpacked = unpackedBefore();
            if (unpacked.isPresent()) {
                return unpacked.get();
            }
        }
        Path ffmpeg = executable("VIDFLEET_FFMPEG", org.bytedeco.ffmpeg.ffmpeg.class);
        Path ffprobe = executable("VIDFLEET_FFPROBE", org.bytedeco.ffmpeg.ffprobe.class);
        Ffmpeg located = new Ffmpeg(ffmpeg, ffprobe);
        located.checkBothStart();
        log.debug("ffmpeg at {}, ffprobe at {}", ffmpeg, ffprobe);
        return located;
    }

    /** The bundle as an earlier run unpacked it, if it is current and starts; else the Loader's way. */
    private static Optional<Ffmpeg> unpackedBefore() {
        Optional<Path> ffmpeg = UnpackedBundle.executable(org.bytedeco.ffmpeg.ffmpeg.class, "ffmpeg");
        Optional<Path> ffprobe = UnpackedBundle.executable(org.bytedeco.ffmpeg.ffprobe.class, "ffprobe");
        if (ffmpeg.isEmpty() || ffprobe.isEmpty()) {
            return Optional.empty();
        }
        Ffmpeg located = new Ffmpeg(ffmpeg.get(), ffprobe.get());
        try {
            located.checkBothStart();
            return Optional.of(located);
        } catch (RuntimeException e) {
            return Optional.empty(); // a library went missing or half an unpack: the Loader's way says which
        }
    }

    private static Path executable(String envVariable, Class<?> bundled) {
        String override = System.getenv(envVariable);
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        try {
            return Path.of(Loader.load(bundled));
        } catch (Throwable e) {
            SharedLibraries.missingIn(e.getMessage())
                    .or(() -> SharedLibraries.missingUnder(bundleDirectory()))
                    .ifPresent(library -> {
                        throw SharedLibraries.missing(library);
                    });
            throw new MediaException("cannot unpack the bundled " + bundled.getSimpleName()
                    + " (" + e.getMessage() + "); set " + envVariable + " to an installed one", false, e);
        }
    }

    /** Both executables start (a missing library shows here), checked at once; ffmpeg's failure is the one told. */
    private void checkBothStart() {
        SidePass<Void> probe = SidePass.start("ffprobe-check", () -> {
            checkStarts(ffprobe);
            return null;
        });
        try {
            checkStarts(ffmpeg);
        } catch (RuntimeException e) {
            probe.settle();
            throw e;
        }
        probe.join();
    }

    private void checkStarts(Path binary) {
        ProcessResult result = runner(List.of(binary.toString(), "-version")).run(Duration.ofSeconds(30));
        if (!result.ok()) {
            String why = result.lastErrorLine();
            SharedLibraries.missingIn(why).ifPresent(library -> {
                throw SharedLibraries.missing(library);
            });
            throw new MediaException(binary.getFileName() + " cannot start: " + why, false);
        }
    }

    /** Where JavaCPP unpacks the bundled FFmpeg: its cache, holding one folder per jar it unpacked from. */
    private static Path bundleDirectory() {
        try {
            return Loader.getCacheDir().toPath();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String libraryPath(Path binary) {
        Path dir = binary.toAbsolutePath().getParent();
        String existing = System.getenv("LD_LIBRARY_PATH");
        String own = dir != null && Files.isDirectory(dir) ? dir.toString() : "";
        return existing == null || existing.isBlank() ? own : own + ":" + existing;
    }
}
