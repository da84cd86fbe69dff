package io.vidfleet.testing;

import io.vidfleet.common.redis.LocalRedisServer;
import io.vidfleet.common.redis.RedisConnector;
import io.vidfleet.common.redis.RedisKeys;
import io.vidfleet.common.store.JobStore;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import redis.clients.jedis.UnifiedJedis;

/**
 * The Redis the tests share, from the first source that works: {@code REDIS_URL} (loopback only, unless
 * {@value #ALLOW_REMOTE} is {@code true}); a Testcontainers Redis 7 when Docker runs; else a
 * {@code redis-server} started on a free port (from PATH, else the embedded-redis binary). Tests never
 * flush it, and work under a key prefix of their own ({@link #PREFIX}, never the production {@code vf}):
 * the build sets it for every test JVM and its children, and this class sets it for in-process commands.
 * Tests that stop or restart Redis start their own {@link LocalRedisServer}.
 */
public final class TestRedis {
    /** Set to {@code true} (environment or system property) to let tests use a Redis on another host. */
    public static final String ALLOW_REMOTE = "VIDFLEET_TEST_ALLOW_REMOTE_REDIS";
    public static final String PREFIX = testPrefix();
    private static String url;

    static {
        System.setProperty(RedisKeys.PREFIX_VARIABLE, PREFIX);
    }

    private TestRedis() {
    }

    public static synchronized String url() {
        if (url == null) {
            url = start();
        }
        return url;
    }

    /** Keys under the tests' own prefix. */
    public static RedisKeys keys() {
        return new RedisKeys(PREFIX);
    }

    public static JobStore store() {
        return new JobStore(client(), keys());
    }

    public static UnifiedJedis client() {
        return RedisConnector.open(url());
    }

    private static String testPrefix() {
        String configured = RedisKeys.configuredPrefix();
        return configured.equals(RedisKeys.DEFAULT_PREFIX) ? "vftest" : configured;
    }

    private static String start() {
        String fromEnv = System.getenv("REDIS_URL");
        if (fromEnv != null && !fromEnv.isBlank()) {
            checkLoopback(fromEnv, Boolean.parseBoolean(setting(ALLOW_REMOTE)));
            return fromEnv;
        }
        if (dockerAvailable()) {
            GenericContainer<?> container = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
            container.start();
            return "redis://" + container.getHost() + ":" + container.getMappedPort(6379);
        }
        LocalRedisServer server = LocalRedisServer.started(false);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        return server.url();
    }

    /** Refuses a Redis URL that names any host but this one, unless {@code allowRemote}. */
    public static void checkLoopback(String redisUrl, boolean allowRemote) {
        if (allowRemote) {
            return;
        }
        String hosts = redisUrl.startsWith("redis-cluster://") ? redisUrl.substring("redis-cluster://".length()) : null;
        if (hosts == null) {
            URI uri = URI.create(redisUrl);
            requireLoopback(uri.getHost(), redisUrl);
            return;
        }
        for (String node : hosts.split(",")) {
            String host = node.trim();
            requireLoopback(host.contains(":") ? host.substring(0, host.lastIndexOf(':')) : host, redisUrl);
        }
    }

    private static void requireLoopback(String host, String redisUrl) {
        boolean loopback;
        try {
            loopback = host != null && InetAddress.getByName(host.replace("[", "").replace("]", "")).isLoopbackAddress();
        } catch (UnknownHostException e) {
            loopback = false;
        }
        if (!loopback) {
            throw new IllegalStateException("REDIS_URL names " + host + ", not this machine: tests refuse to act on a "
                    + "Redis they may not own; set " + ALLOW_REMOTE + "=true to allow it");
        }
    }

    private static String setting(String name) {
        String value = System.getProperty(name);
        return value != null ? value : System.getenv(name);
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable e) {
            return false;
        }
    }
}
