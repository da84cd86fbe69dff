package io.vidfleet.common.plan;

import java.util.List;

/** The chunks of one source, covering every frame exactly once, in order. */
public record ChunkPlan(List<ChunkSpec> chunks, int totalFrames, double durationSeconds) {

    public ChunkPlan {
        chunks = List.copyOf(chunks);
    }

    /** How many chunks had to start between keyframes (and so decode from the keyframe before). */
    public long midGopCuts() {
        return chunks.stream().filter(c -> !c.startsOnKeyframe()).count();
    }
}
