package io.vidfleet.common.jobs;

import io.vidfleet.common.error.InvalidRecordException;
import io.vidfleet.common.json.Json;
import java.util.Map;

/** A task as stored in its Redis hash. */
public record TaskRecord(TaskSpec spec, TaskState state, int attempts, String worker, String result, String error,
                         String history) {

    /** Parses a task's hash; anything malformed (spec, id, state, numbers) is an {@link InvalidRecordException}. */
    public static TaskRecord fromHash(Map<String, String> h) {
        try {
            return parse(h);
        } catch (InvalidRecordException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new InvalidRecordException("invalid task record: " + e.getMessage(), e);
        }
    }

    private static TaskRecord parse(Map<String, String> h) {
        return new TaskRecord(Json.read(h.get("spec"), TaskSpec.class), TaskState.fromWire(h.get("state")),
                Integer.parseInt(h.getOrDefault("attempts", "0")), h.get("worker"), h.get("result"),
                h.get("error"), h.getOrDefault("history", "[]"));
    }
}
