package io.vidfleet.common.storage;

import java.net.URI;
import java.nio.file.Path;

/** Opens the storage a {@code --storage} value names: {@code s3://BUCKET[/PREFIX]} or a directory. */
public final class StorageFactory {
    private StorageFactory() {
    }

    /**
     * @param spec     {@code s3://...} or a directory path
     * @param endpoint an S3 endpoint for path-style servers, or null (AWS, or the endpoint in the environment)
     * @param scratch  a private local directory for files on their way in or out of an object store, or null
     */
    public static ChunkStorage open(String spec, URI endpoint, Path scratch) {
        if (S3Location.isS3(spec)) {
            S3Storage storage = new S3Storage(S3Location.parse(spec), S3Settings.fromEnvironment(endpoint, scratch));
            storage.checkReachable();
            return storage;
        }
        return new SharedDirectoryStorage(Path.of(spec));
    }
}
