package io.vidfleet.common.storage;

import io.vidfleet.common.error.BadInputException;
import io.vidfleet.common.error.VidfleetException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Storage in an S3-compatible object store (AWS S3, MinIO, Ceph RGW, S3Proxy), through the AWS SDK v2
 * and the JDK's HTTP client. Nothing is renamed: publish is one PUT (a multipart upload for large
 * files, each part streamed from the file), which S3 makes visible all at once. Reads stream; FFmpeg
 * gets a presigned URL and reads only the byte ranges it seeks to. A key may also be a whole
 * {@code s3://bucket/key} URI: an object outside the prefix used in place (a user's input or output).
 */
public final class S3Storage implements ChunkStorage {
    private static final Logger log = LoggerFactory.getLogger(S3Storage.class);

    private final S3Location root;
    private final S3Settings settings;
    private final S3Client s3;
    private final S3Presigner presigner;
    private final Path scratch;

    public S3Storage(S3Location root, S3Settings settings) {
        this.root = root;
        this.settings = settings;
        AwsCredentialsProvider credentials = settings.accessKey() == null
                ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKey(), settings.secretKey()));
        Region region = Region.of(settings.region());
        S3Configuration pathStyle = S3Configuration.builder().pathStyleAccessEnabled(settings.endpoint() != null).build();
        var client = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(10)).socketTimeout(Duration.ofSeconds(60)))
                .region(region).credentialsProvider(credentials).serviceConfiguration(pathStyle)
                // third-party servers differ on the newer default checksums: send and check them only where required
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        var presign = S3Presigner.builder().region(region).credentialsProvider(credentials).serviceConfiguration(pathStyle);
        if (settings.endpoint() != null) {
            client.endpointOverride(settings.endpoint());
            presign.endpointOverride(settings.endpoint());
        }
        this.s3 = client.build();
        this.presigner = presign.build();
        this.scratch = scratchDirectory(settings.scratch());
    }

    @Override
    public String describe() {
        return root.toString();
    }

    /** Fails with one line when the bucket cannot be reached or does not exist. */
    public void checkReachable() {
        try {
            s3.headBucket(b -> b.bucket(root.bucket()));
        } catch (SdkException e) {
            throw new BadInputException("cannot use storage " + root + ": " + oneLine(e));
        }
    }

    @Override
    public boolean sharesLocalFiles() {
        return false;
    }

    @Override
    public String location(String key) {
        return S3Location.isS3(key) ? key : "s3://" + root.bucket() + "/" + objectKey(key);
    }

    @Override
    public String keyOf(String location) {
        if (!S3Location.isS3(location)) {
            return null;
        }
        S3Location object = S3Location.parse(location);
        if (object.bucket().equals(root.bucket()) && object.objectKey().startsWith(root.prefix())
                && object.objectKey().length() > root.prefix().length()) {
            return object.objectKey().substring(root.prefix().length());
        }
        return location; // another bucket or outside the prefix: addressed by its whole URI, used in place
    }

    @Override
    public boolean exists(String key) {
        Target target = target(key);
        try {
            s3.headObject(h -> h.bucket(target.bucket()).key(target.key()));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw failure("cannot check " + key, e);
        }
    }

    @Override
    public long size(String key) {
        Target target = target(key);
        try {
            return s3.headObject(h -> h.bucket(target.bucket()).key(target.key())).contentLength();
        } catch (SdkException e) {
            throw readFailure(key, e);
        }
    }

    @Override
    public InputStream open(String key, long offset, long length) {
        if (length == 0) {
            size(key); // still a missing-key error when there is nothing
            return InputStream.nullInputStream();
        }
        Target target = target(key);
        String range = "bytes=" + offset + "-" + (length < 0 ? "" : Long.toString(offset + length - 1));
        try {
            return s3.getObject(g -> g.bucket(target.bucket()).key(target.key()).range(range));
        } catch (S3Exception e) {
            if (e.statusCode() == 416) { // a range that starts at or past the end: nothing to read
                return InputStream.nullInputStream();
            }
            throw readFailure(key, e);
        } catch (SdkException e) {
            throw readFailure(key, e);
        }
    }

    @Override
    public void download(String key, Path target, TransferProgress progress) {
        Target object = target(key);
        try (var in = s3.getObject(g -> g.bucket(object.bucket()).key(object.key()))) {
            Transfers.copy(in, target, in.response().contentLength(), progress);
        } catch (SdkException e) {
            throw readFailure(key, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot download " + location(key) + " to " + target, e);
        }
    }

    @Override
    public LocalCopy localCopy(String key) {
        Path file = scratch.resolve(UUID.randomUUID() + ChunkStorage.extension(key));
        try {
            download(key, file, TransferProgress.NONE);
        } catch (RuntimeException e) {
            new LocalCopy(file, true).close();
            throw e;
        }
        return new LocalCopy(file, true);
    }

    /** A presigned GET URL; FFmpeg may use only the protocols that URL needs. */
    @Override
    public MediaInput mediaInput(String key) {
        size(key); // a missing key fails here, with its name, not inside FFmpeg
        Target target = target(key);
        String url = presigner.presignGetObject(p -> p.signatureDuration(settings.presignValidity())
                .getObjectRequest(g -> g.bucket(target.bucket()).key(target.key()))).url().toString();
        String protocols = url.startsWith("https:") ? "https,tls,tcp" : "http,tcp";
        return new MediaInput(url, io.vidfleet.common.media.InputPolicy.inputOptions(protocols));
    }

    @Override
    public Path scratchFile(String key) {
        return scratch.resolve(".partial-" + UUID.randomUUID() + ChunkStorage.extension(key));
    }

    @Override
    public void publish(Path file, String key) {
        Target target = target(key);
        try {
            long size = Files.size(file);
            if (size <= settings.partSize()) {
                s3.putObject(p -> p.bucket(target.bucket()).key(target.key()), RequestBody.fromFile(file));
            } else {
                uploadInParts(file, size, target, TransferProgress.NONE);
            }
            Files.deleteIfExists(file);
        } catch (SdkException e) {
            throw failure("cannot upload to " + location(key), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    @Override
    public String importInput(String jobId, Path file, TransferProgress progress) {
        String key = ChunkStorage.inputKey(jobId, file);
        Target target = target(key);
        try {
            long size = Files.size(file);
            if (size <= settings.partSize()) {
                s3.putObject(p -> p.bucket(target.bucket()).key(target.key()), RequestBody.fromFile(file));
                progress.transferred(size, size);
            } else {
                uploadInParts(file, size, target, progress);
            }
        } catch (SdkException e) {
            throw failure("cannot upload " + file + " to " + location(key), e);
        } catch (IOException e) {
            throw new BadInputException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return key;
    }

    /** A multipart upload, each part streamed from the file (read again if the SDK retries); aborted on failure. */
    private void uploadInParts(Path file, long size, Target target, TransferProgress progress) {
        String uploadId = s3.createMultipartUpload(c -> c.bucket(target.bucket()).key(target.key())).uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            long partSize = settings.partSize();
            for (int number = 1; (long) (number - 1) * partSize < size; number++) {
                long offset = (number - 1) * partSize;
                long length = Math.min(partSize, size - offset);
                int part = number;
                RequestBody body = RequestBody.fromContentProvider(() -> openPart(file, offset, length), length,
                        "application/octet-stream");
                String etag = s3.uploadPart(u -> u.bucket(target.bucket()).key(target.key()).uploadId(uploadId)
                        .partNumber(part).contentLength(length), body).eTag();
                parts.add(CompletedPart.builder().partNumber(part).eTag(etag).build());
                progress.transferred(offset + length, size);
            }
            s3.completeMultipartUpload(c -> c.bucket(target.bucket()).key(target.key()).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
        } catch (RuntimeException e) {
            try {
                s3.abortMultipartUpload(a -> a.bucket(target.bucket()).key(target.key()).uploadId(uploadId));
            } catch (RuntimeException abort) {
                e.addSuppressed(abort);
            }
            throw e;
        }
    }

    private static InputStream openPart(Path file, long offset, long length) {
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
            channel.position(offset);
            return new BoundedInputStream(Channels.newInputStream(channel), length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void delete(String key) {
        Target target = target(key);
        try {
            s3.deleteObject(d -> d.bucket(target.bucket()).key(target.key()));
        } catch (SdkException e) {
            throw failure("cannot delete " + location(key), e);
        }
    }

    @Override
    public void deleteJob(String jobId) {
        String prefix = objectKey(ChunkStorage.jobDir(jobId)) + "/";
        try {
            List<ObjectIdentifier> batch = new ArrayList<>();
            for (S3Object object : s3.listObjectsV2Paginator(l -> l.bucket(root.bucket()).prefix(prefix)).contents()) {
                batch.add(ObjectIdentifier.builder().key(object.key()).build());
                if (batch.size() == 1000) {
                    deleteBatch(batch);
                }
            }
            deleteBatch(batch);
        } catch (SdkException e) {
            throw failure("cannot delete job " + jobId + " from " + root, e);
        }
    }

    private void deleteBatch(List<ObjectIdentifier> batch) {
        if (!batch.isEmpty()) {
            List<ObjectIdentifier> keys = List.copyOf(batch);
            s3.deleteObjects(d -> d.bucket(root.bucket()).delete(Delete.builder().objects(keys).quiet(true).build()));
            batch.clear();
        }
    }

    private record Target(String bucket, String key) {
    }

    private Target target(String key) {
        if (S3Location.isS3(key)) {
            S3Location object = S3Location.parse(key);
            if (object.objectKey().isEmpty()) {
                throw new VidfleetException("not an object: " + key);
            }
            return new Target(object.bucket(), object.objectKey());
        }
        return new Target(root.bucket(), objectKey(key));
    }

    /** The object key of a storage key: under the prefix, never "." or ".." segments or an absolute name. */
    private String objectKey(String key) {
        if (key.isEmpty() || key.startsWith("/") || key.contains("\\")
                || ("/" + key + "/").contains("/../") || ("/" + key + "/").contains("/./") || key.contains("//")) {
            throw new VidfleetException("not a valid storage key: " + key);
        }
        return root.prefix() + key;
    }

    private MissingKeyException missing(String key) {
        return new MissingKeyException(location(key));
    }

    private RuntimeException readFailure(String key, SdkException e) {
        if (e instanceof NoSuchKeyException || (e instanceof S3Exception s && s.statusCode() == 404)) {
            return missing(key);
        }
        return failure("cannot read " + location(key), e);
    }

    private static VidfleetException failure(String what, SdkException e) {
        return new VidfleetException(what + ": " + oneLine(e), e);
    }

    private static String oneLine(SdkException e) {
        String message = String.valueOf(e.getMessage());
        if (e instanceof S3Exception s) { // a HEAD's error has no body, hence no code: the status says enough
            String code = s.awsErrorDetails() == null ? null : s.awsErrorDetails().errorCode();
            message = (code == null ? switch (s.statusCode()) {
                case 403 -> "access denied";
                case 404 -> "no such bucket";
                default -> "error";
            } : code) + " (HTTP " + s.statusCode() + ")";
        }
        return message.lines().findFirst().orElse(message);
    }

    private static Path scratchDirectory(Path configured) {
        try {
            if (configured != null) {
                return Files.createDirectories(configured);
            }
            Path dir = Files.createTempDirectory("vidfleet-scratch-");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new BadInputException("cannot create scratch directory: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return describe();
    }

}
