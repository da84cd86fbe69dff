package io.vidfleet.cli;

import io.vidfleet.common.redis.EvictionPolicy;
import io.vidfleet.common.store.JobStore;
import picocli.CommandLine.Option;

/** {@code --allow-eviction}: run on a Redis whose maxmemory-policy may evict keys (refused by default). */
final class EvictionOption {
    @Option(names = "--allow-eviction", defaultValue = "${env:VIDFLEET_ALLOW_EVICTION:-false}", fallbackValue = "true",
            description = "run even if Redis's maxmemory-policy is not noeviction (jobs may then be lost; $VIDFLEET_ALLOW_EVICTION)")
    boolean allowEviction;

    /** Checks the Redis behind {@code store}; returns it. */
    JobStore checked(JobStore store) {
        EvictionPolicy.check(store.redis(), allowEviction);
        return store;
    }
}
