package io.vidfleet.testing;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code CreateBucket ENDPOINT BUCKET}: makes a bucket with the test credentials (run where the test JVM cannot reach). */
public final class CreateBucket {
    private CreateBucket() {
    }

    public static void main(String[] args) {
        try (S3Client client = S3Client.builder().endpointOverride(URI.create(args[0])).region(Region.US_EAST_1)
                .forcePathStyle(true).httpClientBuilder(UrlConnectionHttpClient.builder())
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(TestS3.ACCESS_KEY, TestS3.SECRET_KEY))).build()) {
            client.createBucket(b -> b.bucket(args[1]));
        }
    }
}
