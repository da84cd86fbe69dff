package io.vidfleet.cli;

import io.vidfleet.common.redis.RedisConnector;
import io.vidfleet.common.redis.RedisKeys;
import io.vidfleet.common.redis.RedisSecurity;
import io.vidfleet.common.store.JobStore;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import redis.clients.jedis.UnifiedJedis;

/**
 * {@code --redis URL}, falling back to {@code $REDIS_URL}, with the password file and TLS files beside it;
 * {@code --key-prefix}, falling back to {@code $VIDFLEET_KEY_PREFIX}.
 */
final class RedisOption {
    @Option(names = "--redis", paramLabel = "URL", defaultValue = "${env:REDIS_URL}",
            description = "Redis URL: redis://host:6379/0, rediss://..., redis-cluster://host:port,host:port or rediss-cluster://... "
                    + "(default: $REDIS_URL; keep passwords out of it, see --redis-password-file)")
    String url;

    @Option(names = "--redis-password-file", paramLabel = "FILE", defaultValue = "${env:VIDFLEET_REDIS_PASSWORD_FILE}",
            description = "read the Redis password from this file's first line (default: $VIDFLEET_REDIS_PASSWORD_FILE)")
    Path passwordFile;

    @Option(names = "--redis-ca", paramLabel = "FILE", defaultValue = "${env:VIDFLEET_REDIS_CA}",
            description = "PEM certificate(s) of a private CA to trust for rediss:// (default: $VIDFLEET_REDIS_CA)")
    Path caFile;

    @Option(names = "--redis-cert", paramLabel = "FILE", defaultValue = "${env:VIDFLEET_REDIS_CERT}",
            description = "PEM client certificate for rediss:// servers that ask for one (default: $VIDFLEET_REDIS_CERT)")
    Path certFile;

    @Option(names = "--redis-key", paramLabel = "FILE", defaultValue = "${env:VIDFLEET_REDIS_KEY}",
            description = "its unencrypted PKCS#8 PEM key (default: $VIDFLEET_REDIS_KEY)")
    Path keyFile;

    @Option(names = "--key-prefix", paramLabel = "PREFIX", defaultValue = "${VIDFLEET_KEY_PREFIX:-vf}",
            description = "prefix of every Redis key, so several clusters can share one Redis "
                    + "(default: $VIDFLEET_KEY_PREFIX, else ${DEFAULT-VALUE})")
    String keyPrefix;

    JobStore open() {
        RedisKeys keys = new RedisKeys(keyPrefix);
        UnifiedJedis redis = RedisConnector.open(url, security());
        redis.ping(); // fail now, with one line, rather than in the middle of a command
        return new JobStore(redis, keys);
    }

    private RedisSecurity security() {
        return new RedisSecurity(passwordFile, caFile, certFile, keyFile);
    }

    /** For a process of {@code concurrency} loops: pools sized for them, blocking waits on their own. */
    JobStore open(int concurrency) {
        JobStore store = JobStore.connect(url, security(), new RedisKeys(keyPrefix), concurrency);
        store.redis().ping();
        return store;
    }
}
