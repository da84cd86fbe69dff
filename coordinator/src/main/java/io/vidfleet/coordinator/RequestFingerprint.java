package io.vidfleet.coordinator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What makes two submits the same request, for idempotency keys: the input (path, size, modification
 * time: no need to read a large file) and every setting of the job.
 */
final class RequestFingerprint {
    private RequestFingerprint() {
    }

    static String of(SubmitRequest request) {
        String identity = request.storedInput(); // an input already in the storage: its key names it
        if (request.input() != null) {
            Path input = request.input().toAbsolutePath().normalize();
            try {
                identity = input + "|" + Files.size(input) + "|" + Files.getLastModifiedTime(input).toMillis();
            } catch (IOException e) {
                identity = input.toString();
            }
        }
        String text = String.join("|", identity,
                request.output() == null ? "" : request.output().toAbsolutePath().normalize().toString(),
                request.outputKey() == null ? "" : request.outputKey(),
                request.profile(), Long.toString(request.chunkLength().toMillis()), request.priority().wire(),
                request.delivery().wire(), request.lease() == null ? "" : Long.toString(request.lease().toMillis()),
                Integer.toString(request.maxAttempts()));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
