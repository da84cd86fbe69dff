package io.vidfleet.common.redis;

import io.vidfleet.common.error.BadInputException;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import redis.clients.jedis.CommandObjects;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.providers.PooledConnectionProvider;

/**
 * Opens Redis from a URL: {@code redis://[user:password@]host:port[/db]}, {@code rediss://} for TLS,
 * {@code redis-cluster://host:port,host:port} for a Redis Cluster, {@code rediss-cluster://} for one over TLS.
 */
public final class RedisConnector {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String CLUSTER = "redis-cluster://";
    private static final String TLS_CLUSTER = "rediss-cluster://";

    private RedisConnector() {
    }

    /** Connections of a pool that is not sized for a worker's concurrency. */
    public static final int DEFAULT_CONNECTIONS = 8;

    public static UnifiedJedis open(String url) {
        return open(url, RedisSecurity.none(), DEFAULT_CONNECTIONS);
    }

    /**
     * A client with up to {@code maxConnections} pooled connections; a command that finds them all busy
     * waits up to the timeout for one, then fails (never forever).
     */
    public static UnifiedJedis open(String url, int maxConnections) {
        return open(url, RedisSecurity.none(), maxConnections);
    }

    public static UnifiedJedis open(String url, RedisSecurity security) {
        return open(url, security, DEFAULT_CONNECTIONS);
    }

    /**
     * Opens Redis with a password file, a private CA and a client certificate beside the URL. A URL is
     * never shown with its password: {@link #redact} hides it in every message.
     */
    public static UnifiedJedis open(String url, RedisSecurity security, int maxConnections) {
        if (url == null || url.isBlank()) {
            throw new BadInputException("no Redis URL: pass --redis redis://host:6379 or set REDIS_URL");
        }
        if (url.startsWith(CLUSTER) || url.startsWith(TLS_CLUSTER)) {
            return cluster(url, security, pool(maxConnections));
        }
        URI uri = redisUri(url);
        return new JedisPooled(pool(maxConnections), hostAndPort(uri), config(uri, security));
    }

    /**
     * As {@link #open(String, RedisSecurity, int)}, but the commands of all threads share one connection,
     * pipelined ({@link AutoPipeliningExecutor}): for a process whose threads make many short calls at once
     * (a worker's slots). Never for blocking commands. Transactions and pipelines still take a pooled
     * connection of their own. A Redis Cluster is opened as by {@code open}.
     */
    public static UnifiedJedis openPipelined(String url, RedisSecurity security, int maxConnections) {
        if (url == null || url.isBlank() || url.startsWith(CLUSTER) || url.startsWith(TLS_CLUSTER)) {
            return open(url, security, maxConnections);
        }
        URI uri = redisUri(url);
        JedisClientConfig config = config(uri, security);
        PooledConnectionProvider provider = new PooledConnectionProvider(hostAndPort(uri), config, pool(maxConnections));
        return new UnifiedJedis(new AutoPipeliningExecutor(provider, hostAndPort(uri), config), provider, new CommandObjects());
    }

    private static HostAndPort hostAndPort(URI uri) {
        return new HostAndPort(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort());
    }

    /** A single Redis's URL, checked. */
    private static URI redisUri(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            throw new BadInputException("bad Redis URL '" + redact(url) + "': " + e.getReason() + " at index " + e.getIndex());
        }
        if (uri.getHost() == null || uri.getScheme() == null || !(uri.getScheme().equals("redis") || uri.getScheme().equals("rediss"))) {
            throw new BadInputException("bad Redis URL '" + redact(url) + "': expected redis://[user:password@]host:port[/db]");
        }
        return uri;
    }

    /** The URL with any password replaced by {@code ***}, for messages and logs. */
    public static String redact(String url) {
        return url == null ? null : url.replaceAll("(://[^/@:]*):[^/@]*@", "$1:***@").replaceAll("://[^/@:]+@", "://***@");
    }

    private static JedisClientConfig config(URI uri, RedisSecurity security) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder().timeoutMillis((int) TIMEOUT.toMillis());
        String userInfo = uri.getUserInfo();
        String filePassword = security.password();
        String user = null;
        String password = null;
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            if (colon >= 0) {
                user = userInfo.substring(0, colon);
                password = userInfo.substring(colon + 1);
            } else if (filePassword != null) {
                user = userInfo; // redis://alice@host with the password in a file
            } else {
                password = userInfo; // redis://password@host, as Jedis reads it
            }
        }
        if (filePassword != null) {
            password = filePassword;
        }
        config.user(user == null || user.isEmpty() ? null : user).password(password == null || password.isEmpty() ? null : password);
        String path = uri.getPath();
        if (path != null && path.length() > 1) {
            try {
                config.database(Integer.parseInt(path.substring(1)));
            } catch (NumberFormatException e) {
                throw new BadInputException("bad Redis URL '" + redact(uri.toString()) + "': the database must be a number");
            }
        }
        return tls(config, uri.getScheme().equals("rediss"), security).build();
    }

    /** TLS as {@code security} says (host name verified, private CA, client certificate), the same for one node or a cluster. */
    private static DefaultJedisClientConfig.Builder tls(DefaultJedisClientConfig.Builder config, boolean tls, RedisSecurity security) {
        if (tls) {
            return config.ssl(true).sslSocketFactory(security.socketFactory()).sslParameters(security.sslParameters());
        }
        if (security.caFile() != null || security.clientCertFile() != null) {
            throw new BadInputException("--redis-ca and --redis-cert need a rediss:// or rediss-cluster:// URL");
        }
        return config;
    }

    private static ConnectionPoolConfig pool(int maxConnections) {
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(maxConnections);
        pool.setMaxIdle(maxConnections);
        pool.setMaxWait(TIMEOUT);
        pool.setJmxEnabled(false); // registering it would start JMX, 0.05 s of every command's start, for beans nothing reads
        return pool;
    }

    private static UnifiedJedis cluster(String url, RedisSecurity security, ConnectionPoolConfig pool) {
        boolean tls = url.startsWith(TLS_CLUSTER);
        Set<HostAndPort> nodes = new HashSet<>();
        for (String node : url.substring(tls ? TLS_CLUSTER.length() : CLUSTER.length()).split(",")) {
            try {
                nodes.add(HostAndPort.from(node.trim()));
            } catch (IllegalArgumentException e) {
                throw new BadInputException("bad Redis Cluster node '" + redact(node) + "' in " + redact(url));
            }
        }
        // every node, including those the cluster announces later, is reached with the same TLS checks
        JedisClientConfig config = tls(DefaultJedisClientConfig.builder()
                .timeoutMillis((int) TIMEOUT.toMillis()).password(security.password()), tls, security).build();
        return new JedisCluster(nodes, config, pool);
    }
}
