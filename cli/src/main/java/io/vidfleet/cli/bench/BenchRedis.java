package io.vidfleet.cli.bench;

import io.vidfleet.common.redis.CommandStats;
import io.vidfleet.common.redis.RedisConnector;
import io.vidfleet.common.redis.RedisSecurity;
import java.util.HashMap;
import java.util.Map;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

/** Redis clients for the queue bench (a pool as large as the threads using it, connected up front) and INFO counters. */
public final class BenchRedis {
    private BenchRedis() {
    }

    /**
     * A client as a worker process opens for its slots ({@link RedisConnector#openPipelined}: their commands
     * share one connection, pipelined), connected before it is returned: a row's clock then never includes a
     * TCP handshake, which a worker pays once when it starts, not per task.
     */
    public static UnifiedJedis open(String url, int threads) {
        UnifiedJedis client = RedisConnector.openPipelined(url, RedisSecurity.none(), threads + 2);
        try {
            client.ping();
        } catch (RuntimeException e) {
            client.close();
            throw new JedisConnectionException("cannot connect to " + RedisConnector.redact(url) + ": " + e.getMessage(), e);
        }
        return client;
    }

    /** A numeric field of an INFO section ({@code cpu}'s used_cpu_user, say); 0 when absent. */
    static double info(UnifiedJedis redis, String section, String field) {
        for (String line : infoLines(redis, section)) {
            if (line.startsWith(field + ":")) {
                return Double.parseDouble(line.substring(field.length() + 1).strip());
            }
        }
        return 0;
    }

    /** The lines of one INFO section. */
    private static String[] infoLines(UnifiedJedis redis, String section) {
        Object reply = redis.sendCommand(Protocol.Command.INFO, section);
        String text = reply instanceof byte[] bytes ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8) : String.valueOf(reply);
        return text.split("\r?\n");
    }

    /** CPU time the Redis server has used since it started (all its threads, user and system), in ms. */
    static long cpuMillis(UnifiedJedis redis) {
        return cpuMicros(redis) / 1000;
    }

    /** CPU time the Redis server has used since it started (all its threads, user and system), in µs: one INFO. */
    static long cpuMicros(UnifiedJedis redis) {
        double seconds = 0;
        for (String line : infoLines(redis, "cpu")) {
            if (line.startsWith("used_cpu_user:") || line.startsWith("used_cpu_sys:")) {
                seconds += Double.parseDouble(line.substring(line.indexOf(':') + 1).strip());
            }
        }
        return Math.round(1_000_000 * seconds);
    }

    /** What Redis has done so far: calls per command, and its CPU time (µs); two readings frame a bench row. */
    record Counters(Map<String, Long> calls, long cpuMicros) {
        static Counters read(UnifiedJedis redis) {
            return new Counters(commandCalls(redis), BenchRedis.cpuMicros(redis));
        }
    }

    /** Connections the Redis server has accepted since it started. */
    static long connectionsAccepted(UnifiedJedis redis) {
        return Math.round(info(redis, "stats", "total_connections_received"));
    }

    /** Calls per command since the server started (or its stats were reset). */
    static Map<String, Long> commandCalls(UnifiedJedis redis) {
        return CommandStats.calls(String.join("\n", infoLines(redis, "commandstats")));
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
