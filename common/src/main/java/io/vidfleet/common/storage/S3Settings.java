package io.vidfleet.common.storage;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * How to reach an S3-compatible store. Region and credentials come from the standard AWS environment
 * ({@code AWS_REGION}/{@code AWS_DEFAULT_REGION}, {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY},
 * {@code AWS_SESSION_TOKEN}, profiles); {@code endpoint} (from {@code --s3-endpoint} or
 * {@code AWS_ENDPOINT_URL_S3}/{@code AWS_ENDPOINT_URL}) selects a path-style server such as MinIO or S3Proxy.
 * {@code accessKey} null: the SDK's default credential chain.
 */
public record S3Settings(URI endpoint, String region, String accessKey, String secretKey, Path scratch,
                         long partSize, Duration presignValidity) {
    public static final long DEFAULT_PART_SIZE = 16L * 1024 * 1024;

    public static S3Settings fromEnvironment(URI endpoint, Path scratch) {
        Map<String, String> env = System.getenv();
        URI resolved = endpoint;
        if (resolved == null) {
            String fromEnv = env.getOrDefault("AWS_ENDPOINT_URL_S3", env.get("AWS_ENDPOINT_URL"));
            resolved = fromEnv == null || fromEnv.isBlank() ? null : URI.create(fromEnv);
        }
        String region = env.getOrDefault("AWS_REGION", env.getOrDefault("AWS_DEFAULT_REGION", "us-east-1"));
        return new S3Settings(resolved, region, null, null, scratch, DEFAULT_PART_SIZE, Duration.ofHours(6));
    }

    public static S3Settings of(URI endpoint, String accessKey, String secretKey, Path scratch) {
        return new S3Settings(endpoint, "us-east-1", accessKey, secretKey, scratch, DEFAULT_PART_SIZE, Duration.ofHours(6));
    }

    public S3Settings withPartSize(long bytes) {
        return new S3Settings(endpoint, region, accessKey, secretKey, scratch, bytes, presignValidity);
    }
}
