package io.vidfleet.common.redis;

import io.vidfleet.common.error.BadInputException;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.UnifiedJedis;

/**
 * Opens Redis from a URL: {@code redis://[user:password@]host:port[/db]}, {@code rediss://} for TLS,
 * or {@code redis-cluster://host:port,host:port} for a Redis Cluster.
 */
public final class RedisConnector {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private RedisConnector() {
    }

    /** Connections of a pool that is not sized for a worker's concurrency. */
    public static final int DEFAULT_CONNECTIONS = 8;

    public static UnifiedJedis open(String url) {
        return open(url, DEFAULT_CONNECTIONS);
    }

    /**
     * A client with up to {@code maxConnections} pooled connections; a command that finds them all busy
     * waits up to the timeout for one, then fails (never forever).
     */
    public static UnifiedJedis open(String url, int maxConnections) {
        if (url == null || url.isBlank()) {
            throw new BadInputException("no Redis URL: pass --redis redis://host:6379 or set REDIS_URL");
        }
        if (url.startsWith("redis-cluster://")) {
            return cluster(url, pool(maxConnections));
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("bad Redis URL '" + url + "': " + e.getMessage());
        }
        if (uri.getHost() == null || !(uri.getScheme().equals("redis") || uri.getScheme().equals("rediss"))) {
            throw new BadInputException("bad Redis URL '" + url + "': expected redis://host:port[/db]");
        }
        return new JedisPooled(pool(maxConnections), uri, (int) TIMEOUT.toMillis());
    }

    private static ConnectionPoolConfig pool(int maxConnections) {
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(maxConnections);
        pool.setMaxIdle(maxConnections);
        pool.setMaxWait(TIMEOUT);
        return pool;
    }

    private static UnifiedJedis cluster(String url, ConnectionPoolConfig pool) {
        Set<HostAndPort> nodes = new HashSet<>();
        for (String node : url.substring("redis-cluster://".length()).split(",")) {
            try {
                nodes.add(HostAndPort.from(node.trim()));
            } catch (IllegalArgumentException e) {
                throw new BadInputException("bad Redis Cluster node '" + node + "' in " + url);
            }
        }
        JedisClientConfig config = DefaultJedisClientConfig.builder()
                .timeoutMillis((int) TIMEOUT.toMillis()).build();
        return new JedisCluster(nodes, config, pool);
    }
}
