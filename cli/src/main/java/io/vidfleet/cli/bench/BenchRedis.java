package io.vidfleet.cli.bench;

import io.vidfleet.common.redis.RedisConnector;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.UnifiedJedis;

/** Redis clients for the queue bench: a pool as large as the threads using it, and INFO commandstats. */
public final class BenchRedis {
    private BenchRedis() {
    }

    /** A client whose pool has a connection for each of {@code threads} threads (plain redis:// URLs). */
    public static UnifiedJedis open(String url, int threads) {
        if (!url.startsWith("redis://") && !url.startsWith("rediss://")) {
            return RedisConnector.open(url);
        }
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(threads + 2);
        pool.setMaxIdle(threads + 2);
        return new JedisPooled(pool, URI.create(url), 10_000);
    }

    /** Calls per command since the server started (or its stats were reset). */
    static Map<String, Long> commandCalls(UnifiedJedis redis) {
        Map<String, Long> calls = new HashMap<>();
        Object reply = redis.sendCommand(Protocol.Command.INFO, "commandstats");
        String text = reply instanceof byte[] bytes ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8) : String.valueOf(reply);
        for (String line : text.split("\r?\n")) {
            if (line.startsWith("cmdstat_")) {
                String name = line.substring("cmdstat_".length(), line.indexOf(':'));
                for (String part : line.substring(line.indexOf(':') + 1).split(",")) {
                    if (part.startsWith("calls=")) {
                        calls.put(name, Long.parseLong(part.substring("calls=".length())));
                    }
                }
            }
        }
        return calls;
    }

    /** The calls between two snapshots, in total. */
    static long delta(Map<String, Long> before, Map<String, Long> after) {
        long total = 0;
        for (Map.Entry<String, Long> e : after.entrySet()) {
            total += e.getValue() - before.getOrDefault(e.getKey(), 0L);
        }
        return total;
    }

    static Map<String, Long> deltas(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> d = new HashMap<>();
        after.forEach((k, v) -> {
            long n = v - before.getOrDefault(k, 0L);
            if (n > 0) {
                d.put(k, n);
            }
        });
        return d;
    }
}
