package io.vidfleet.common.queue;

import java.util.List;

/**
 * What a worker slot's next claim would be, known when it completes a task: the worker, and the queue
 * indexes (keys) that claim tries, in its order. A completion may make that claim itself when the
 * completed task's job heads the first of them that is not empty ({@code complete_claim.lua}).
 */
public record NextClaim(String workerId, List<String> indexKeys) {
    public NextClaim {
        indexKeys = List.copyOf(indexKeys);
    }
}
