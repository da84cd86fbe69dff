package io.vidfleet.common.queue;

import redis.clients.jedis.AbstractPipeline;

/**
 * Reads that travel in the round trip of a queue operation, for what the caller does right after it:
 * a worker slot that completes a task claims its next one, and the job index that claim reads goes along
 * with the completion instead of costing a round trip of its own.
 */
public interface RoundTripCompanion {
    /** Adds its reads to {@code pipeline}; the returned action runs once their replies are in. */
    Runnable addTo(AbstractPipeline pipeline);
}
