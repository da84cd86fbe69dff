package io.vidfleet.common.storage;

import io.vidfleet.common.error.BadInputException;
import io.vidfleet.common.error.VidfleetException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

/** Storage in a directory every node mounts at the same place. */
public final class SharedDirectoryStorage implements ChunkStorage {
    private final Path root;

    public SharedDirectoryStorage(Path root) {
        this.root = root.toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.root);
        } catch (IOException e) {
            throw new BadInputException("cannot use storage directory " + root + ": " + e.getMessage(), e);
        }
    }

    public Path root() {
        return root;
    }

    @Override
    public Path localPath(String key) {
        Path path = root.resolve(key).normalize();
        // strictly below the root: a key that resolves to the root itself (jobs/..) is as bad as one outside
        if (!path.startsWith(root) || path.equals(root)) {
            throw new VidfleetException("storage key escapes the storage directory: " + key);
        }
        return path;
    }

    @Override
    public Path scratchPath(String key) {
        Path target = localPath(key);
        createParent(target);
        return target.resolveSibling(".partial-" + target.getFileName());
    }

    @Override
    public void publish(Path scratch, String key) {
        moveAtomically(scratch, localPath(key));
    }

    @Override
    public void move(String fromKey, String toKey) {
        moveAtomically(localPath(fromKey), localPath(toKey));
    }

    @Override
    public boolean exists(String key) {
        return Files.exists(localPath(key));
    }

    @Override
    public void delete(String key) {
        try {
            Files.deleteIfExists(localPath(key));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void deleteJob(String jobId) {
        Path dir = localPath(ChunkStorage.jobDir(jobId));
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String importInput(String jobId, Path file) {
        String key = ChunkStorage.jobDir(jobId) + "/source" + extension(file);
        Path target = localPath(key);
        createParent(target);
        try {
            try {
                Files.createLink(target, file.toAbsolutePath());
            } catch (FileSystemException | UnsupportedOperationException e) {
                Path scratch = scratchPath(key); // another file system: copy, then rename into place
                Files.copy(file, scratch, StandardCopyOption.REPLACE_EXISTING);
                moveAtomically(scratch, target);
            }
        } catch (IOException e) {
            throw new VidfleetException("cannot copy " + file + " into storage: " + e.getMessage(), e);
        }
        return key;
    }

    @Override
    public String keyOf(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        return absolute.startsWith(root) ? root.relativize(absolute).toString() : null;
    }

    private static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(dot).toLowerCase(Locale.ROOT) : "";
    }

    private static void createParent(Path target) {
        try {
            Files.createDirectories(target.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Renames within an existing directory: a job directory deleted meanwhile is not brought back. */
    private static void moveAtomically(Path from, Path to) {
        try {
            try {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + from + " to " + to, e);
        }
    }
}
