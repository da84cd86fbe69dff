package io.vidfleet.common.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SharedDirectoryStorageTest extends ChunkStorageContract {
    @Override
    protected ChunkStorage newStorage() throws Exception {
        return new SharedDirectoryStorage(Files.createTempDirectory(local, "storage"));
    }

    @Test
    void aDeadWritersScratchFileBesideTheKeyIsDiscardedAndNothingElse() throws Exception {
        SharedDirectoryStorage storage = new SharedDirectoryStorage(Files.createTempDirectory(local, "storage"));
        Path dead = storage.scratchFile("outputs/j1.mp4");
        Files.writeString(dead, "half a file");
        Path otherKeys = storage.scratchFile("outputs/x-j1.mp4");
        Files.writeString(otherKeys, "another key's scratch");
        Path published = storage.scratchFile("outputs/j2.mp4");
        Files.writeString(published, "a whole file");
        storage.publish(published, "outputs/j2.mp4");
        Path usersFile = storage.localPath("outputs/.partial-mine-j1.mp4");
        Files.writeString(usersFile, "not a scratch file of this storage");

        storage.discardStaleScratch("outputs/j1.mp4");
        storage.discardStaleScratch("outputs/never-written.mp4");

        try (var files = Files.list(dead.getParent())) {
            assertEquals(Set.of(".partial-mine-j1.mp4", "j2.mp4", otherKeys.getFileName().toString()),
                    files.map(p -> p.getFileName().toString()).collect(Collectors.toSet()));
        }
    }
}
