package io.vidfleet.cli;

import io.vidfleet.common.redis.LocalRedisServer;
import io.vidfleet.common.redis.RedisConnector;
import io.vidfleet.common.redis.RedisKeys;
import io.vidfleet.common.store.JobStore;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A Redis of a test class's own (register it as a static {@code @RegisterExtension} field): key counts,
 * memory and server settings then belong to that class alone.
 */
final class OwnRedis implements BeforeAllCallback, AfterAllCallback {
    private LocalRedisServer server;
    private JobStore store;

    @Override
    public void beforeAll(ExtensionContext context) {
        server = LocalRedisServer.started(false);
        store = new JobStore(RedisConnector.open(server.url()), new RedisKeys());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        server.close();
    }

    String url() {
        return server.url();
    }

    JobStore store() {
        return store;
    }
}
