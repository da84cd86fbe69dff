package io.vidfleet.common.storage;

import java.nio.file.Files;

class SharedDirectoryStorageTest extends ChunkStorageContract {
    @Override
    protected ChunkStorage newStorage() throws Exception {
        return new SharedDirectoryStorage(Files.createTempDirectory(local, "storage"));
    }
}
