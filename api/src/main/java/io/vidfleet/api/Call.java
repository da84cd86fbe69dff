package io.vidfleet.api;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** One API request: its path parameters (checked), query parameters and a size-limited JSON body. */
final class Call {
    /** Job ids are {@code yyyyMMdd-HHmmss-xxxxxx}; anything else never reaches a Redis key. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    static final int MAX_BODY = 64 * 1024;

    private final HttpExchange exchange;
    private final List<String> pathParameters;

    Call(HttpExchange exchange, List<String> pathParameters) {
        this.exchange = exchange;
        this.pathParameters = pathParameters;
    }

    /** The {@code {id}} of the route, a well-formed job id or a 400. */
    String jobId() {
        String id = pathParameters.get(0);
        if (!ID.matcher(id).matches()) {
            throw new HttpError(400, "bad job id '" + Replies.printable(id) + "'");
        }
        return id;
    }

    /** An integer query parameter within [min, max], else the default; out of range or not a number: 400. */
    int intParameter(String name, int defaultValue, int min, int max) {
        String value = query().get(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new HttpError(400, name + " must be a whole number from " + min + " to " + max);
    }

    private Map<String, String> query() {
        Map<String, String> parameters = new LinkedHashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return parameters;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                parameters.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new HttpError(400, "bad query string");
            }
        }
        return parameters;
    }

    /** The request body as UTF-8 text: JSON only, at most {@link #MAX_BODY} bytes. */
    String jsonBody() {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.toLowerCase().startsWith("application/json")) {
            throw new HttpError(415, "send the body as Content-Type: application/json");
        }
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY + 1);
            if (body.length > MAX_BODY) {
                throw new HttpError(413, "request body over " + MAX_BODY + " bytes");
            }
            return new String(body, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
