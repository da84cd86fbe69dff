package io.vidfleet.common.webhook;

import io.vidfleet.common.json.Json;
import io.vidfleet.common.redis.LuaScript;
import io.vidfleet.common.redis.RedisKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;

/**
 * Webhook deliveries on Redis, one queue per endpoint host: enqueue an event once, claim under a lease
 * with the attempt as fencing token, report the outcome (delivered, retry after a backoff, or dead once
 * the retry window is used up), return expired leases, requeue dead letters. One Lua script per move; each
 * gets every key it touches in KEYS, named by {@link RedisKeys}.
 */
public final class WebhookQueue {
    private static final LuaScript ENQUEUE = LuaScript.load("webhook_enqueue");
    private static final LuaScript CLAIM = LuaScript.load("webhook_claim");
    private static final LuaScript REPORT = LuaScript.load("webhook_report");
    private static final LuaScript REAP = LuaScript.load("webhook_reap");
    private static final LuaScript REQUEUE = LuaScript.load("webhook_requeue");
    /** How long a delivered record stays listable. */
    private static final Duration KEEP_DELIVERED = Duration.ofDays(7);
    /** How many of a queue's head a claim passes to its script (the script takes the first still due). */
    private static final int CANDIDATES = 4;
    private static final int REQUEUE_BATCH = 100;

    private final UnifiedJedis redis;
    private final RedisKeys keys;

    public WebhookQueue(UnifiedJedis redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    /**
     * Puts one delivery of {@code event} per endpoint on its host's queue; a delivery that exists already
     * is left alone. {@code secret}: a per-job secret to sign with instead of the coordinator's.
     */
    public int enqueue(WebhookEvent event, List<WebhookEndpoint> endpoints, Optional<String> secret) {
        List<Map<String, String>> deliveries = new ArrayList<>();
        for (WebhookEndpoint endpoint : endpoints) {
            Map<String, String> d = new LinkedHashMap<>();
            d.put("id", deliveryId(event, endpoint));
            d.put("event", event.id());
            d.put("type", event.type());
            d.put("job", event.jobId());
            d.put("url", endpoint.url());
            d.put("host", endpoint.host());
            d.put("body", event.body());
            secret.ifPresent(s -> d.put("secret", s));
            deliveries.add(d);
        }
        if (deliveries.isEmpty()) {
            return 0;
        }
        List<String> scriptKeys = new ArrayList<>(List.of(keys.webhookHosts(), keys.webhookDeliveries(), keys.webhookSignal()));
        deliveries.forEach(d -> scriptKeys.addAll(List.of(keys.webhookDelivery(d.get("id")), keys.webhookQueue(d.get("host")))));
        return ((Long) ENQUEUE.run(redis, scriptKeys, List.of(Json.write(deliveries)))).intValue();
    }

    /** The same for every enqueue of one event to one URL, whatever the order of the endpoints. */
    static String deliveryId(WebhookEvent event, WebhookEndpoint endpoint) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(endpoint.url().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return event.id() + "-" + java.util.HexFormat.of().formatHex(digest, 0, 5);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Hosts with deliveries waiting or in flight (only well-formed names: they become key names). */
    public List<String> hosts() {
        Set<String> hosts = redis.smembers(keys.webhookHosts());
        return hosts.stream().filter(WebhookEndpoint::validHost).sorted().toList();
    }

    /** The next due delivery of {@code host}, leased to {@code owner}; empty when none is due. */
    public Optional<ClaimedDelivery> claim(String host, String owner, Duration lease) {
        for (int round = 0; round < 10; round++) { // 'moved': another claimer took every candidate; read again
            List<String> candidates = redis.zrange(keys.webhookQueue(host), 0, CANDIDATES - 1);
            if (candidates.isEmpty()) {
                return Optional.empty();
            }
            List<String> scriptKeys = new ArrayList<>(List.of(keys.webhookQueue(host), keys.webhookInflight(host)));
            candidates.forEach(id -> scriptKeys.add(keys.webhookDelivery(id)));
            List<String> args = new ArrayList<>(List.of(owner, Long.toString(lease.toMillis())));
            args.addAll(candidates);
            List<?> reply = (List<?>) CLAIM.run(redis, scriptKeys, args);
            if ("ok".equals(reply.get(0))) {
                String secret = (String) reply.get(5);
                return Optional.of(new ClaimedDelivery((String) reply.get(1), host, Integer.parseInt((String) reply.get(2)),
                        (String) reply.get(3), (String) reply.get(4), secret.isEmpty() ? Optional.empty() : Optional.of(secret),
                        (String) reply.get(6)));
            }
            if (!"moved".equals(reply.get(0))) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    public enum Outcome { DELIVERED, RETRY, DEAD, STALE }

    /** Reports an attempt: {@code status} the HTTP status (0: none), {@code error} what went wrong (null: 2xx). */
    public Outcome report(ClaimedDelivery delivery, boolean delivered, int status, String error, Duration backoff,
                          Duration retryWindow) {
        String host = delivery.host();
        List<String> scriptKeys = List.of(keys.webhookDelivery(delivery.id()), keys.webhookQueue(host),
                keys.webhookInflight(host), keys.webhookDead(), keys.webhookHosts());
        List<?> reply = (List<?>) REPORT.run(redis, scriptKeys, List.of(delivery.id(), host,
                Integer.toString(delivery.attempt()), delivered ? "ok" : "fail", status == 0 ? "" : Integer.toString(status),
                error == null ? "" : oneLine(error), Long.toString(backoff.toMillis()), Long.toString(retryWindow.toMillis()),
                Long.toString(KEEP_DELIVERED.toMillis())));
        return Outcome.valueOf(((String) reply.get(0)).toUpperCase());
    }

    /** Returns the host's expired leases to its queue; returns how many (each will be a redelivery). */
    public int reap(String host) {
        // the earliest deadlines first; more than a batch expired at once: the next reap takes the rest
        List<String> candidates = redis.zrange(keys.webhookInflight(host), 0, CANDIDATES * 16L - 1);
        if (candidates.isEmpty()) {
            return 0;
        }
        List<String> scriptKeys = new ArrayList<>(List.of(keys.webhookQueue(host), keys.webhookInflight(host)));
        candidates.forEach(id -> scriptKeys.add(keys.webhookDelivery(id)));
        return ((Long) REAP.run(redis, scriptKeys, candidates)).intValue();
    }

    /** Sends dead deliveries again (none given: all of them); returns how many. */
    public int requeue(List<String> deliveryIds) {
        List<String> ids = deliveryIds.isEmpty() ? redis.zrange(keys.webhookDead(), 0, -1) : deliveryIds;
        int requeued = 0;
        for (int from = 0; from < ids.size(); from += REQUEUE_BATCH) {
            requeued += requeueBatch(ids.subList(from, Math.min(ids.size(), from + REQUEUE_BATCH)));
        }
        return requeued;
    }

    private int requeueBatch(List<String> ids) {
        List<Response<String>> hosts = new ArrayList<>();
        try (AbstractPipeline pipeline = redis.pipelined()) {
            ids.forEach(id -> hosts.add(pipeline.hget(keys.webhookDelivery(id), "host")));
            pipeline.sync();
        }
        List<String> scriptKeys = new ArrayList<>(List.of(keys.webhookDead(), keys.webhookHosts(), keys.webhookSignal()));
        List<String> args = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            String host = hosts.get(i).get();
            if (host == null) {
                redis.zrem(keys.webhookDead(), ids.get(i)); // its record expired or never was: nothing to send
            } else if (WebhookEndpoint.validHost(host)) { // it becomes part of a key name
                scriptKeys.addAll(List.of(keys.webhookDelivery(ids.get(i)), keys.webhookQueue(host)));
                args.addAll(List.of(ids.get(i), host));
            }
        }
        return args.isEmpty() ? 0 : ((Long) REQUEUE.run(redis, scriptKeys, args)).intValue();
    }

    /** Newest first; {@code dead}: only dead letters. Records that expired are dropped from the index. */
    public List<WebhookDelivery> list(boolean dead, int limit) {
        String index = dead ? keys.webhookDead() : keys.webhookDeliveries();
        List<String> ids = redis.zrevrange(index, 0, limit - 1);
        List<Response<Map<String, String>>> hashes = new ArrayList<>();
        try (AbstractPipeline pipeline = redis.pipelined()) {
            ids.forEach(id -> hashes.add(pipeline.hgetAll(keys.webhookDelivery(id))));
            pipeline.sync();
        }
        List<WebhookDelivery> deliveries = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            Map<String, String> hash = hashes.get(i).get();
            if (hash.isEmpty()) {
                redis.zrem(index, ids.get(i));
            } else {
                deliveries.add(WebhookDelivery.fromHash(hash));
            }
        }
        return deliveries;
    }

    public Optional<WebhookDelivery> find(String deliveryId) {
        Map<String, String> hash = redis.hgetAll(keys.webhookDelivery(deliveryId));
        return hash.isEmpty() ? Optional.empty() : Optional.of(WebhookDelivery.fromHash(hash));
    }

    /** Waiting, in-flight and dead deliveries: per host for the first two, in total for dead. */
    public Depths depths() {
        Map<String, long[]> perHost = new LinkedHashMap<>();
        for (String host : hosts()) {
            perHost.put(host, new long[] {redis.zcard(keys.webhookQueue(host)), redis.zcard(keys.webhookInflight(host))});
        }
        return new Depths(perHost, redis.zcard(keys.webhookDead()));
    }

    /** {@code perHost}: host -> {waiting, in flight}. */
    public record Depths(Map<String, long[]> perHost, long dead) {
    }

    /** Blocks (on {@code blocking}, a client for blocking waits) until an enqueue or requeue signals, or {@code timeout} passes. */
    public void awaitSignal(UnifiedJedis blocking, Duration timeout) {
        blocking.blpop(Math.max(0.01, timeout.toMillis() / 1000.0), keys.webhookSignal());
    }

    /** Wakes one loop blocked in {@link #awaitSignal} (a stopping one's own, or another's for one needless look). */
    public void wake() {
        redis.lpush(keys.webhookSignal(), "wake");
    }

    private static String oneLine(String text) {
        String line = text.replace('\n', ' ').strip();
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}
