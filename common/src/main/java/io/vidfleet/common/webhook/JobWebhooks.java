package io.vidfleet.common.webhook;

import io.vidfleet.common.json.Json;
import io.vidfleet.common.redis.RedisKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import redis.clients.jedis.UnifiedJedis;

/**
 * The completion webhooks one job asked for ({@code submit --notify-url}), kept next to the job's hash
 * but apart from it, so that nothing that shows a job (status, the API) can show its secret.
 */
public final class JobWebhooks {
    private final UnifiedJedis redis;
    private final RedisKeys keys;

    public JobWebhooks(UnifiedJedis redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    /** What a job asked for: endpoints and an optional secret that overrides the coordinator's. */
    public record Request(List<WebhookEndpoint> endpoints, Optional<WebhookSecret> secret) {
        public static Request none() {
            return new Request(List.of(), Optional.empty());
        }

        public boolean isEmpty() {
            return endpoints.isEmpty() && secret.isEmpty();
        }
    }

    public void save(String jobId, Request request) {
        if (request.isEmpty()) {
            return;
        }
        List<String> urls = request.endpoints().stream().map(WebhookEndpoint::url).toList();
        redis.hset(keys.jobWebhooks(jobId), "urls", Json.write(urls));
        request.secret().ifPresent(s -> redis.hset(keys.jobWebhooks(jobId), "secret", s.reveal()));
    }

    /** The job's own endpoints; URLs that no longer parse (edited by hand) are skipped. */
    public Request load(String jobId) {
        Map<String, String> hash = redis.hgetAll(keys.jobWebhooks(jobId));
        List<WebhookEndpoint> endpoints = new ArrayList<>();
        if (hash.containsKey("urls")) {
            for (var url : Json.tree(hash.get("urls"))) {
                try {
                    endpoints.add(WebhookEndpoint.parse(url.asText()));
                } catch (RuntimeException e) {
                    // untrusted input from Redis: an unusable URL is dropped, not sent to
                }
            }
        }
        Optional<WebhookSecret> secret = Optional.empty();
        if (hash.containsKey("secret")) {
            try {
                secret = Optional.of(WebhookSecret.parse(hash.get("secret")));
            } catch (RuntimeException e) {
                // a broken per-job secret falls back to the coordinator's
            }
        }
        return new Request(endpoints, secret);
    }

    public void delete(String jobId) {
        redis.del(keys.jobWebhooks(jobId));
    }
}
