package io.vidfleet.common.jobs;

import io.vidfleet.common.error.InvalidRecordException;
import io.vidfleet.common.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** A job as stored in its Redis hash. */
public record JobRecord(String id, JobState state, String input, String output, String profile, String queue,
                        Priority priority, DeliveryMode delivery, int tasksTotal, int tasksDone,
                        Duration lease, int maxAttempts, String reason, SourceSummary source,
                        Instant createdAt, Instant finishedAt) {

    /** Parses a job's hash; anything malformed (id, state, numbers, JSON) is an {@link InvalidRecordException}. */
    public static JobRecord fromHash(Map<String, String> h) {
        try {
            return parse(h);
        } catch (InvalidRecordException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new InvalidRecordException("job " + Ids.quoted(h.get("id")) + " has an invalid record: " + e.getMessage(), e);
        }
    }

    private static JobRecord parse(Map<String, String> h) {
        return new JobRecord(Ids.requireJobId(h.get("id")), JobState.fromWire(h.get("state")), h.get("input"), h.get("output"),
                h.get("profile"), h.get("queue"), Priority.parse(h.getOrDefault("priority", "normal")),
                DeliveryMode.parse(h.getOrDefault("delivery", "at-least-once")),
                intOf(h.get("tasksTotal")), intOf(h.get("tasksDone")),
                Duration.ofMillis(longOf(h.get("leaseMs"))), intOf(h.get("maxAttempts")),
                blankToNull(h.get("reason")),
                h.containsKey("source") ? Json.read(h.get("source"), SourceSummary.class) : null,
                instant(h.get("createdAt")), instant(h.get("finishedAt")));
    }

    private static int intOf(String value) {
        return value == null || value.isEmpty() ? 0 : Integer.parseInt(value);
    }

    private static long longOf(String value) {
        return value == null || value.isEmpty() ? 0 : Long.parseLong(value);
    }

    private static Instant instant(String millis) {
        return millis == null || millis.isEmpty() ? null : Instant.ofEpochMilli(Long.parseLong(millis));
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
