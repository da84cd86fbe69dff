package io.vidfleet.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Checks {@code Authorization: Bearer TOKEN} in constant time (a timing side channel must not leak it). */
final class BearerToken {
    private static final String SCHEME = "Bearer ";
    private final byte[] expected;

    BearerToken(String token) {
        this.expected = token.getBytes(StandardCharsets.US_ASCII);
    }

    /** Refuses the request with 401 unless its Authorization header carries the token. */
    void check(String authorization) {
        if (authorization == null) {
            throw new HttpError(401, "missing Authorization: Bearer token");
        }
        if (!authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            throw new HttpError(401, "Authorization must be a Bearer token");
        }
        byte[] given = authorization.substring(SCHEME.length()).trim().getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, given)) {
            throw new HttpError(401, "wrong API token");
        }
    }
}
