package io.vidfleet.common.redis;

import java.util.Set;
import redis.clients.jedis.exceptions.JedisClusterOperationException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/** Which Redis failures pass by themselves (a restart, a failover), so that trying again is right. */
public final class RedisFailures {
    /** Error replies of a Redis that is starting, failing over or resharding. */
    private static final Set<String> TRANSIENT_REPLIES = Set.of("LOADING", "BUSY", "TRYAGAIN", "CLUSTERDOWN",
            "MASTERDOWN", "READONLY", "MOVED", "ASK");

    private RedisFailures() {
    }

    public static boolean isTransient(Throwable e) {
        if (e instanceof JedisConnectionException || e instanceof JedisClusterOperationException) {
            return true;
        }
        if (e instanceof JedisDataException && e.getMessage() != null) {
            String first = e.getMessage().split(" ", 2)[0];
            return TRANSIENT_REPLIES.contains(first);
        }
        return false;
    }
}
