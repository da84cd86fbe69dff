package io.vidfleet.common.queue;

import redis.clients.jedis.AbstractPipeline;

/**
 * What travels in the round trip of a completion for what the caller does right after it: a worker slot
 * that completes a task claims its next one. When that claim would go to the completed task's job first, the
 * completion makes it in its own call; when the completion cannot make it at all, the job index that claim
 * reads goes along with the completion.
 */
public interface RoundTripCompanion {
    /** Adds its reads to {@code pipeline}; the returned action runs once their replies are in. */
    Runnable addTo(AbstractPipeline pipeline);

    /** The next claim this caller would make, for the completion to make instead if it can (null: it must not). */
    default NextClaim nextClaim() {
        return null;
    }

    /** A task the completion claimed for the caller (its next claim, made along). */
    default void claimedAlong(ClaimedTask task) {
    }
}
