package io.vidfleet.common.store;

import io.vidfleet.common.jobs.Ids;
import io.vidfleet.common.redis.LuaScript;
import io.vidfleet.common.redis.RedisKeys;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * Job records that cannot be trusted, kept for an operator in {@code vf:jobs:quarantined}: bounded,
 * since whoever can write crafted records could otherwise grow it for ever. Its limits live here only.
 */
public final class Quarantine {
    private static final Logger log = LoggerFactory.getLogger(Quarantine.class);
    private static final LuaScript ADD = LuaScript.load("quarantine");

    /** At most {@code maxEntries}, none older than {@code maxAge}; the oldest go first. */
    public record Limits(int maxEntries, Duration maxAge) {
        public static final Limits DEFAULT = new Limits(1000, Duration.ofDays(7));
    }

    private Quarantine() {
    }

    /** Quarantines {@code member} (logged); drops, with a log line, what no longer fits the limits. */
    static void add(UnifiedJedis redis, RedisKeys keys, String member, String reason, Limits limits) {
        log.warn("quarantined job record {}: {}", Ids.quoted(member), reason);
        long dropped = (Long) ADD.run(redis, List.of(keys.quarantined()),
                List.of(member, Integer.toString(limits.maxEntries()), Long.toString(limits.maxAge().toMillis())));
        if (dropped > 0) {
            log.warn("dropped the {} oldest entries of {} (it keeps at most {}, for {} days)", dropped, keys.quarantined(),
                    limits.maxEntries(), limits.maxAge().toDays());
        }
    }
}
