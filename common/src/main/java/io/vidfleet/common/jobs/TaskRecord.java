package io.vidfleet.common.jobs;

import io.vidfleet.common.json.Json;
import java.util.Map;

/** A task as stored in its Redis hash. */
public record TaskRecord(TaskSpec spec, TaskState state, int attempts, String worker, String result, String error,
                         String history) {

    public static TaskRecord fromHash(Map<String, String> h) {
        return new TaskRecord(Json.read(h.get("spec"), TaskSpec.class), TaskState.fromWire(h.get("state")),
                Integer.parseInt(h.getOrDefault("attempts", "0")), h.get("worker"), h.get("result"),
                h.get("error"), h.getOrDefault("history", "[]"));
    }
}
