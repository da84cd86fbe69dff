package io.vidfleet.testing;

import io.vidfleet.common.storage.S3Location;
import io.vidfleet.common.storage.S3Settings;
import io.vidfleet.common.storage.S3Storage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 API server for tests: S3Proxy with its filesystem backend in a temporary directory, on a
 * free loopback port, started once per JVM. Each caller gets its own bucket.
 */
public final class TestS3 {
    public static final String ACCESS_KEY = "vidfleet-test";
    public static final String SECRET_KEY = "vidfleet-test-secret";
    private static S3Proxy server;
    private static URI endpoint;

    private TestS3() {
    }

    public static synchronized URI endpoint() {
        if (server == null) {
            start();
        }
        return endpoint;
    }

    private static void start() {
        try {
            Path dir = Files.createTempDirectory("vidfleet-s3proxy-");
            S3Proxy proxy = S3Proxy.builder().blobStore(new FilesystemNio2BlobStore(dir.toString()))
                    .endpoint(URI.create("http://127.0.0.1:0"))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY).build();
            proxy.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!"STARTED".equals(proxy.getState()) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            server = proxy;
            endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    proxy.stop();
                } catch (Exception ignored) {
                    // the JVM is ending
                }
                try (var files = Files.walk(dir)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException ignored) {
                    // a leftover temporary directory
                }
            }));
        } catch (Exception e) {
            throw new IllegalStateException("cannot start S3Proxy: " + e.getMessage(), e);
        }
    }

    /** A fresh, empty bucket. */
    public static String newBucket() {
        String bucket = "vf-" + UUID.randomUUID().toString().substring(0, 12);
        try (S3Client client = client()) {
            client.createBucket(b -> b.bucket(bucket));
        }
        return bucket;
    }

    public static S3Client client() {
        return S3Client.builder().endpointOverride(endpoint()).region(Region.US_EAST_1).forcePathStyle(true)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build();
    }

    public static S3Settings settings() {
        try {
            return S3Settings.of(endpoint(), ACCESS_KEY, SECRET_KEY, Files.createTempDirectory("vidfleet-s3-scratch-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** S3 storage in a new bucket under {@code prefix} ("" for none). */
    public static S3Storage newStorage(String prefix) {
        return new S3Storage(S3Location.parse("s3://" + newBucket() + "/" + prefix), settings());
    }

    /** The environment a child process (a worker, a coordinator) needs to reach the server. */
    public static Map<String, String> environment() {
        return Map.of("AWS_ACCESS_KEY_ID", ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", SECRET_KEY, "AWS_REGION", "us-east-1",
                "VIDFLEET_S3_ENDPOINT", endpoint().toString());
    }
}
