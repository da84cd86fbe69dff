package io.vidfleet.cli;

import io.vidfleet.common.redis.RedisConnector;
import io.vidfleet.common.redis.RedisKeys;
import io.vidfleet.common.store.JobStore;
import picocli.CommandLine.Option;
import redis.clients.jedis.UnifiedJedis;

/** {@code --redis URL}, falling back to {@code $REDIS_URL}; {@code --key-prefix}, falling back to {@code $VIDFLEET_KEY_PREFIX}. */
final class RedisOption {
    @Option(names = "--redis", paramLabel = "URL", defaultValue = "${env:REDIS_URL}",
            description = "Redis URL: redis://host:6379/0, rediss://..., or redis-cluster://host:port,host:port "
                    + "(default: $REDIS_URL)")
    String url;

    @Option(names = "--key-prefix", paramLabel = "PREFIX", defaultValue = "${VIDFLEET_KEY_PREFIX:-vf}",
            description = "prefix of every Redis key, so several clusters can share one Redis "
                    + "(default: $VIDFLEET_KEY_PREFIX, else ${DEFAULT-VALUE})")
    String keyPrefix;

    JobStore open() {
        RedisKeys keys = new RedisKeys(keyPrefix);
        UnifiedJedis redis = RedisConnector.open(url);
        redis.ping(); // fail now, with one line, rather than in the middle of a command
        return new JobStore(redis, keys);
    }

    /** For a process of {@code concurrency} loops: pools sized for them, blocking waits on their own. */
    JobStore open(int concurrency) {
        JobStore store = JobStore.connect(url, new RedisKeys(keyPrefix), concurrency);
        store.redis().ping();
        return store;
    }
}
