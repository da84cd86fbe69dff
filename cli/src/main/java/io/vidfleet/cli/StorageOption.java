package io.vidfleet.cli;

import io.vidfleet.common.storage.SharedDirectoryStorage;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --storage DIR}: the directory every node shares (inputs, chunks, audio). */
final class StorageOption {
    @Option(names = "--storage", paramLabel = "DIR", defaultValue = "${env:VIDFLEET_STORAGE:-.vidfleet/storage}",
            description = "shared storage directory, the same on every node (default: $VIDFLEET_STORAGE or ${DEFAULT-VALUE})")
    Path dir;

    SharedDirectoryStorage open() {
        return new SharedDirectoryStorage(dir);
    }
}
