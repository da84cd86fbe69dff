package io.vidfleet.cli;

import io.vidfleet.common.error.BadInputException;
import io.vidfleet.common.storage.ChunkStorage;
import io.vidfleet.common.storage.S3Location;
import io.vidfleet.common.storage.SharedDirectoryStorage;
import io.vidfleet.common.storage.StorageFactory;
import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --storage DIR|s3://BUCKET[/PREFIX]}: where every node keeps inputs, chunks, audio and outputs.
 * For S3, credentials and region come from the standard AWS environment variables.
 */
final class StorageOption {
    @Option(names = "--storage", paramLabel = "DIR|s3://BUCKET[/PREFIX]", defaultValue = "${env:VIDFLEET_STORAGE:-.vidfleet/storage}",
            description = "shared storage: a directory every node mounts at the same path, or an S3 bucket and prefix "
                    + "(default: $VIDFLEET_STORAGE or ${DEFAULT-VALUE})")
    String spec;

    @Option(names = "--s3-endpoint", paramLabel = "URL", defaultValue = "${env:VIDFLEET_S3_ENDPOINT}",
            description = "S3-compatible server (MinIO, Ceph RGW, S3Proxy...), addressed path-style "
                    + "(default: $VIDFLEET_S3_ENDPOINT, else $AWS_ENDPOINT_URL_S3 / $AWS_ENDPOINT_URL, else AWS)")
    String endpoint;

    @Option(names = "--scratch", paramLabel = "DIR", defaultValue = "${env:VIDFLEET_SCRATCH}",
            description = "private local directory for files on their way to or from S3 (default: a temporary directory)")
    Path scratch;

    ChunkStorage open() {
        return StorageFactory.open(spec, endpointUri(), scratch);
    }

    boolean isS3() {
        return S3Location.isS3(spec);
    }

    /** For commands that need local files on every node (local mode). */
    SharedDirectoryStorage openDirectory(String command) {
        if (isS3()) {
            throw new BadInputException(command + " needs a storage directory, not " + spec);
        }
        return new SharedDirectoryStorage(Path.of(spec));
    }

    private URI endpointUri() {
        if (endpoint == null || endpoint.isBlank()) {
            return null;
        }
        try {
            URI uri = new URI(endpoint);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new BadInputException("--s3-endpoint must be an http:// or https:// URL, got " + endpoint);
            }
            return uri;
        } catch (java.net.URISyntaxException e) {
            throw new BadInputException("--s3-endpoint is not a URL: " + endpoint);
        }
    }
}
