package io.vidfleet.testing;

import io.vidfleet.common.redis.LocalRedisServer;
import io.vidfleet.common.redis.RedisConnector;
import io.vidfleet.common.redis.RedisKeys;
import io.vidfleet.common.store.JobStore;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import redis.clients.jedis.UnifiedJedis;

/**
 * The Redis the tests share, from the first source that works: {@code REDIS_URL}; a Testcontainers
 * Redis 7 when Docker runs; else a {@code redis-server} started on a free port (from PATH, else the
 * embedded-redis binary). Tests never flush it: each works on jobs of its own. Tests that stop or
 * restart Redis start their own {@link LocalRedisServer}.
 */
public final class TestRedis {
    private static String url;

    private TestRedis() {
    }

    public static synchronized String url() {
        if (url == null) {
            url = start();
        }
        return url;
    }

    public static JobStore store() {
        return new JobStore(client(), new RedisKeys());
    }

    public static UnifiedJedis client() {
        return RedisConnector.open(url());
    }

    private static String start() {
        String fromEnv = System.getenv("REDIS_URL");
        if (fromEnv != null && !fromEnv.isBlank()) {
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

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable e) {
            return false;
        }
    }
}
