package io.vidfleet.common.jobs;

import io.vidfleet.common.error.InvalidRecordException;
import io.vidfleet.common.json.Json;
import java.util.Map;

/**
 * A task as stored in its Redis hash. {@code frames} is what a video result holds when a sequential
 * decode of its range gave other than the planned count (null: as planned).
 */
public record TaskRecord(TaskSpec spec, TaskState state, int attempts, String worker, String result, String error,
                         String history, Integer frames) {

    public TaskRecord(TaskSpec spec, TaskState state, int attempts, String worker, String result, String error,
                      String history) {
        this(spec, state, attempts, worker, result, error, history, null);
    }

    /** The frames of this video task's result: as reported, else as planned. */
    public int resultFrames() {
        return frames != null ? frames : spec.chunk().frames();
    }

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
                h.get("error"), h.getOrDefault("history", "[]"),
                h.containsKey("frames") && !h.get("frames").isEmpty() ? Integer.valueOf(h.get("frames")) : null);
    }
}
