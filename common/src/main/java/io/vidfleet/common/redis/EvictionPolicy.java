package io.vidfleet.common.redis;

import io.vidfleet.common.error.BadInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * vidfleet keeps its only state in Redis, so a Redis that evicts keys under memory pressure silently
 * drops running jobs, their tasks and indexes. Coordinators, workers and submits check at start that
 * {@code maxmemory-policy} is {@code noeviction} and refuse anything else unless the operator overrides
 * ({@code --allow-eviction}, {@code VIDFLEET_ALLOW_EVICTION=1}).
 */
public final class EvictionPolicy {
    private static final Logger log = LoggerFactory.getLogger(EvictionPolicy.class);
    public static final String REQUIRED = "noeviction";

    private EvictionPolicy() {
    }

    /** The server's policy (from {@code INFO memory}, which managed Redis services allow), or null if unknown. */
    public static String of(UnifiedJedis redis) {
        try {
            for (String line : redis.info("memory").split("\r?\n")) {
                if (line.startsWith("maxmemory_policy:")) {
                    return line.substring("maxmemory_policy:".length()).trim();
                }
            }
        } catch (RuntimeException e) {
            log.debug("cannot read maxmemory-policy: {}", e.getMessage());
        }
        return null;
    }

    /** Refuses, with one line, a Redis that may evict keys, unless {@code allowEviction}. */
    public static void check(UnifiedJedis redis, boolean allowEviction) {
        String policy = of(redis);
        if (policy == null) {
            log.warn("cannot read Redis's maxmemory-policy; make sure it is {}", REQUIRED);
            return;
        }
        if (REQUIRED.equals(policy)) {
            return;
        }
        if (allowEviction) {
            log.warn("Redis's maxmemory-policy is {}: jobs may be lost under memory pressure (allowed by --allow-eviction)", policy);
            return;
        }
        throw new BadInputException("Redis's maxmemory-policy is " + policy + ": it may evict running jobs; set it to "
                + REQUIRED + " (CONFIG SET maxmemory-policy noeviction), or pass --allow-eviction (VIDFLEET_ALLOW_EVICTION=1)");
    }
}
