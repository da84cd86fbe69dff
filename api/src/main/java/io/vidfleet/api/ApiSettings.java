package io.vidfleet.api;

import io.vidfleet.common.error.BadInputException;
import java.net.InetSocketAddress;

/**
 * Where {@code vidfleet serve} listens and the token every API request must carry. Port 0: any free
 * port. A token is required: an API that can submit and cancel jobs is never open by accident.
 */
public record ApiSettings(InetSocketAddress address, String token) {
    /** Shorter tokens are guessable; {@code openssl rand -hex 32} makes a good one. */
    public static final int MIN_TOKEN_LENGTH = 16;

    public ApiSettings {
        if (token == null || token.isBlank()) {
            throw new BadInputException("no API token: pass --token or set VIDFLEET_API_TOKEN (e.g. openssl rand -hex 32)");
        }
        if (token.length() < MIN_TOKEN_LENGTH) {
            throw new BadInputException("the API token must be at least " + MIN_TOKEN_LENGTH + " characters long");
        }
        if (!token.chars().allMatch(c -> c > 32 && c < 127)) {
            throw new BadInputException("the API token must be printable ASCII without spaces");
        }
    }

    public static ApiSettings of(String bind, int port, String token) {
        if (port < 0 || port > 65535) {
            throw new BadInputException("--port must be between 0 and 65535, got " + port);
        }
        return new ApiSettings(new InetSocketAddress(bind, port), token);
    }

    @Override
    public String toString() {
        return "ApiSettings[address=" + address + ", token=<redacted>]";
    }
}
