package io.vidfleet.common.storage;

import io.vidfleet.common.error.BadInputException;
import io.vidfleet.common.error.VidfleetException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/** Storage in a directory every node mounts at the same place: publish is a rename, reads are the files themselves. */
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

    /** The file of a key; a key that would leave the root is refused. */
    public Path localPath(String key) {
        Path path = root.resolve(key).normalize();
        // strictly below the root: a key that resolves to the root itself (jobs/..) is as bad as one outside
        if (!path.startsWith(root) || path.equals(root)) {
            throw new VidfleetException("storage key escapes the storage directory: " + key);
        }
        return path;
    }

    @Override
    public String describe() {
        return root.toString();
    }

    @Override
    public boolean sharesLocalFiles() {
        return true;
    }

    @Override
    public String location(String key) {
        return localPath(key).toString();
    }

    @Override
    public String keyOf(String location) {
        if (location.startsWith("s3://")) {
            return null;
        }
        Path absolute = Path.of(location).toAbsolutePath().normalize();
        return absolute.startsWith(root) && !absolute.equals(root) ? root.relativize(absolute).toString() : null;
    }

    @Override
    public boolean exists(String key) {
        return Files.isRegularFile(localPath(key));
    }

    @Override
    public long size(String key) {
        try {
            return Files.size(existing(key));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public InputStream open(String key, long offset, long length) {
        try {
            FileChannel channel = FileChannel.open(existing(key), StandardOpenOption.READ);
            channel.position(offset);
            InputStream in = Channels.newInputStream(channel);
            return length < 0 ? in : new BoundedInputStream(in, length);
        } catch (NoSuchFileException e) {
            throw new MissingKeyException(key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void download(String key, Path target, TransferProgress progress) {
        Path source = existing(key);
        try (InputStream in = open(key, 0, -1)) {
            Transfers.copy(in, target, Files.size(source), progress);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + key + " to " + target, e);
        }
    }

    @Override
    public LocalCopy localCopy(String key) {
        return new LocalCopy(existing(key), false);
    }

    @Override
    public MediaInput mediaInput(String key) {
        return MediaInput.file(existing(key));
    }

    @Override
    public Path scratchFile(String key) {
        Path target = localPath(key);
        createParent(target);
        // unique per writer: two attempts (or a stitch and a retry) never share a scratch file
        return target.resolveSibling(".partial-" + UUID.randomUUID() + "-" + target.getFileName());
    }

    @Override
    public void publish(Path file, String key) {
        Path target = localPath(key);
        createParent(target);
        if (!file.toAbsolutePath().getParent().equals(target.getParent())) {
            Path scratch = scratchFile(key); // from elsewhere: copy next to the target first, so the rename is atomic
            try {
                Files.copy(file, scratch, StandardCopyOption.REPLACE_EXISTING);
                Files.delete(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot copy " + file + " into storage", e);
            }
            file = scratch;
        }
        moveAtomically(file, target);
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
    public String importInput(String jobId, Path file, TransferProgress progress) {
        String key = ChunkStorage.inputKey(jobId, file);
        Path target = localPath(key);
        createParent(target);
        try {
            try {
                Files.createLink(target, file.toAbsolutePath());
                long size = Files.size(target);
                progress.transferred(size, size);
            } catch (FileSystemException | UnsupportedOperationException e) {
                Path scratch = scratchFile(key); // another file system: copy, then rename into place
                try (InputStream in = Files.newInputStream(file)) {
                    Transfers.copy(in, scratch, Files.size(file), progress);
                }
                moveAtomically(scratch, target);
            }
        } catch (IOException e) {
            throw new VidfleetException("cannot copy " + file + " into storage: " + e.getMessage(), e);
        }
        return key;
    }

    private Path existing(String key) {
        Path path = localPath(key);
        if (!Files.isRegularFile(path)) {
            throw new MissingKeyException(key);
        }
        return path;
    }

    private static void createParent(Path target) {
        try {
            Files.createDirectories(target.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

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
