package io.vidfleet.cli;

import io.vidfleet.common.error.VidfleetException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Records the class-data archive a vidfleet jar starts with: the classes a one-second {@code local} job
 * loads (nearly all: submit, coordinator, workers), mapped at later starts instead of loaded.
 *
 * <p>A static archive ({@code -Xshare:dump} from the job's class list), not one recorded at exit: picocli
 * ships Java 5 class files, which JDK 17 keeps out of an exit-time archive and then checks with its old
 * verifier at every start, 0.07 to 0.09 s of each command. Used by the {@code vidfleet} launcher (through
 * {@link #main}) and by {@code vidfleet bench} for a baseline jar, so both record alike.
 */
public final class ClassDataArchive {
    private static final long STEP_MINUTES = 5;

    private ClassDataArchive() {
    }

    /** {@code JAR ARCHIVE}: records ARCHIVE for JAR; exit code 1 (and no ARCHIVE) when it could not. */
    public static void main(String[] args) {
        try {
            record(Path.of(args[0]), Path.of(args[1]));
        } catch (VidfleetException e) {
            System.err.println("vidfleet: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Records {@code archive} for {@code jar}, started with {@link JvmOptions#LEAN} as every command is. */
    public static void record(Path jar, Path archive) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path scratch = null;
        try {
            scratch = Files.createTempDirectory("vidfleet-archive");
            Path classes = scratch.resolve("classes.lst");
            List<String> listing = command(java, "-XX:DumpLoadedClassList=" + classes, "-jar", jar.toString());
            // without a working FFmpeg or Redis the job fails: --help then lists what it can
            if (run(concat(listing, "local", "--sample", "1", "--workers", "1", "--storage", scratch.resolve("storage").toString())) != 0) {
                run(concat(listing, "--help"));
            }
            Files.deleteIfExists(archive);
            if (!Files.isRegularFile(classes) || run(command(java, "-Xshare:dump", "-XX:SharedClassListFile=" + classes,
                    "-XX:SharedArchiveFile=" + archive, "-jar", jar.toString())) != 0) {
                Files.deleteIfExists(archive);
                throw new VidfleetException("cannot record a class-data archive for " + jar);
            }
        } catch (IOException e) {
            throw new VidfleetException("cannot record a class-data archive for " + jar + ": " + e.getMessage(), e);
        } finally {
            deleteTree(scratch);
        }
    }

    private static List<String> command(String java, String... args) {
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(JvmOptions.LEAN);
        command.addAll(List.of(args));
        return command;
    }

    private static List<String> concat(List<String> command, String... args) {
        List<String> all = new ArrayList<>(command);
        all.addAll(List.of(args));
        return all;
    }

    private static int run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            if (!process.waitFor(STEP_MINUTES, TimeUnit.MINUTES)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                return -1;
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return -1;
        }
    }

    private static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
