package io.vidfleet.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.vidfleet.common.error.VidfleetException;
import io.vidfleet.common.json.Json;
import io.vidfleet.common.storage.S3Location;
import io.vidfleet.coordinator.SubmitOptions;
import io.vidfleet.coordinator.SubmitRequest;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;

/**
 * The JSON body of {@code POST /api/jobs}. Its fields are the options of {@code vidfleet submit}
 * (same names, same defaults) and are checked by the same {@link SubmitOptions}; paths are on the
 * server and must be absolute (the server's working directory means nothing to a client).
 */
final class SubmitBody {
    static final List<String> FIELDS = List.of("input", "output", "profile", "chunk-seconds", "priority", "delivery",
            "lease-seconds", "max-attempts", "idempotency-key");

    private SubmitBody() {
    }

    /** {@code localOutputs} false: the storage is not a local directory (S3), so no server path can take an output. */
    static SubmitRequest parse(String text, boolean localOutputs) {
        SubmitRequest request = parse(text);
        if (!localOutputs && request.output() != null) {
            throw new HttpError(400, "output: with S3 storage the API writes outputs only to the storage "
                    + "(leave output out: outputs/JOB.mp4)");
        }
        return request;
    }

    static SubmitRequest parse(String text) {
        JsonNode body;
        try {
            body = Json.tree(text);
        } catch (VidfleetException e) {
            throw new HttpError(400, "body is not JSON: " + Replies.oneLine(e.getMessage()));
        }
        if (body == null || !body.isObject()) {
            throw new HttpError(400, "body must be a JSON object like {\"input\": \"/videos/a.mp4\"}");
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new HttpError(400, "unknown field '" + Replies.printable(name) + "' (known: " + String.join(", ", FIELDS) + ")");
            }
        }
        SubmitOptions defaults = SubmitOptions.defaults();
        Path input = path(body, "input");
        if (input == null) {
            throw new HttpError(400, "input is required: an absolute path on the server");
        }
        Double lease = body.has("lease-seconds") ? number(body, "lease-seconds") : null;
        SubmitOptions options = new SubmitOptions(
                text(body, "profile", defaults.profile()),
                body.has("chunk-seconds") ? number(body, "chunk-seconds") : defaults.chunkSeconds(),
                path(body, "output"),
                text(body, "priority", defaults.priority()),
                text(body, "delivery", defaults.delivery()),
                lease,
                body.has("max-attempts") ? whole(body, "max-attempts") : defaults.maxAttempts(),
                text(body, "idempotency-key", null));
        return options.toRequest(input);
    }

    private static String text(JsonNode body, String name, String defaultValue) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            return defaultValue;
        }
        if (!value.isTextual()) {
            throw new HttpError(400, name + " must be a string");
        }
        return value.asText();
    }

    private static double number(JsonNode body, String name) {
        JsonNode value = body.get(name);
        if (value == null || !value.isNumber()) {
            throw new HttpError(400, name + " must be a number");
        }
        return value.asDouble();
    }

    private static int whole(JsonNode body, String name) {
        JsonNode value = body.get(name);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new HttpError(400, name + " must be a whole number");
        }
        return value.asInt();
    }

    private static Path path(JsonNode body, String name) {
        String text = text(body, name, null);
        if (text == null) {
            return null;
        }
        try {
            if (S3Location.isS3(text)) {
                throw new HttpError(400, name + ": s3:// locations are not taken by the API yet (use vidfleet submit)");
            }
            Path path = Path.of(text);
            if (!path.isAbsolute()) {
                throw new HttpError(400, name + " must be an absolute path on the server, got '" + Replies.printable(text) + "'");
            }
            return path;
        } catch (InvalidPathException e) {
            throw new HttpError(400, name + " is not a valid path: " + Replies.printable(text));
        }
    }
}
