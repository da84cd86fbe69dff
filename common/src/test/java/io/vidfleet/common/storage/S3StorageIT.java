package io.vidfleet.common.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidfleet.testing.TestS3;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The S3 backend against a real S3 API server (S3Proxy), under a prefix, with 5 MiB parts. */
class S3StorageIT extends ChunkStorageContract {
    @Override
    protected ChunkStorage newStorage() {
        String bucket = TestS3.newBucket();
        return new S3Storage(S3Location.parse("s3://" + bucket + "/cluster-a"), TestS3.settings().withPartSize(5L * 1024 * 1024));
    }

    @Test
    void objectsOutsideThePrefixAreUsedInPlaceByTheirUri() throws Exception {
        S3Storage s3 = (S3Storage) storage;
        String uri = s3.location("x").replace("/cluster-a/x", "/uploads/in.mp4");
        String key = s3.keyOf(uri);
        assertEquals(uri, key, "outside the prefix: addressed by its whole URI");
        publish(key, bytes(100, 1));
        assertTrue(s3.exists(uri));
        assertEquals(100, s3.size(uri));
        assertEquals("outputs/a.mp4", s3.keyOf(s3.location("outputs/a.mp4")), "inside the prefix: a plain key");
    }

    @Test
    void aPresignedUrlMayUseOnlyHttp() {
        String key = "jobs/j/source.mp4";
        try {
            publish(key, bytes(10, 2));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        MediaInput input = storage.mediaInput(key);
        assertTrue(input.location().startsWith("http://127.0.0.1:"), input.location());
        // http only, and (the input policy) only demuxers of self-contained files
        assertEquals(io.vidfleet.common.media.InputPolicy.inputOptions("http,tcp"), input.options());
        assertEquals(java.util.List.of("-protocol_whitelist", "http,tcp"), input.options().subList(0, 2));
    }

    @Test
    void scratchFilesLiveOutsideTheStore() {
        Path scratch = storage.scratchFile("jobs/j/tasks/v00000.t1.mp4");
        assertFalse(Files.exists(scratch));
        assertTrue(scratch.isAbsolute());
    }
}
