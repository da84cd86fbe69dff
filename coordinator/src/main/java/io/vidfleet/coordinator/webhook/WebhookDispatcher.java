package io.vidfleet.coordinator.webhook;

import io.vidfleet.common.jobs.JobRecord;
import io.vidfleet.common.metrics.VidfleetMetrics;
import io.vidfleet.common.redis.ReconnectBackoff;
import io.vidfleet.common.store.JobStore;
import io.vidfleet.common.webhook.ClaimedDelivery;
import io.vidfleet.common.webhook.JobWebhooks;
import io.vidfleet.common.webhook.WebhookEndpoint;
import io.vidfleet.common.webhook.WebhookEvent;
import io.vidfleet.common.webhook.WebhookQueue;
import io.vidfleet.common.webhook.WebhookSecret;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A coordinator's webhook sender. When a job ends, {@link #enqueue} puts one delivery per endpoint on
 * the queue of the endpoint's host. The loop claims due deliveries host by host under a lease and
 * sends each on a thread of its own, at most {@code perHostConcurrency} per host: a host that hangs
 * holds only its own threads, so it never delays another host's deliveries, and encoding never waits
 * for any of it. Failed attempts wait out an exponential backoff with jitter; a delivery that keeps
 * failing past the retry window is dead-lettered. Several coordinators share the queues safely.
 */
public final class WebhookDispatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);

    private final JobStore store;
    private final WebhookQueue queue;
    private final JobWebhooks jobWebhooks;
    private final WebhookSettings settings;
    private final VidfleetMetrics metrics;
    private final String owner;
    private final WebhookSender sender;
    private final Map<String, AtomicInteger> sendingPerHost = new ConcurrentHashMap<>();
    private final ExecutorService senders = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "webhook-send");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean running;
    private Thread loop;

    public WebhookDispatcher(JobStore store, WebhookSettings settings, VidfleetMetrics metrics, String owner) {
        this.store = store;
        this.queue = new WebhookQueue(store.redis(), store.keys());
        this.jobWebhooks = new JobWebhooks(store.redis(), store.keys());
        this.settings = settings;
        this.metrics = metrics;
        this.owner = owner;
        this.sender = new WebhookSender(settings.requestTimeout());
    }

    /**
     * Enqueues the ended job's event for its own endpoints and the cluster's default ones. Safe to call
     * again for the same end (a coordinator that crashed half way): each delivery is created once.
     */
    public void enqueue(JobRecord job, String output) {
        JobWebhooks.Request asked = jobWebhooks.load(job.id());
        Map<String, WebhookEndpoint> endpoints = new LinkedHashMap<>();
        asked.endpoints().forEach(e -> endpoints.put(e.url(), e));
        settings.defaultEndpoints().forEach(e -> endpoints.putIfAbsent(e.url(), e));
        if (endpoints.isEmpty()) {
            return;
        }
        WebhookEvent event = JobEndedEvent.of(job, output);
        int created = queue.enqueue(event, new ArrayList<>(endpoints.values()), asked.secret().map(WebhookSecret::reveal));
        if (created > 0) {
            log.info("job {}: {} queued for {} endpoint(s) as {}", job.id(), event.type(), created, event.id());
        }
    }

    public void start() {
        if (settings.secret().isEmpty()) {
            log.warn("no webhook secret (--webhook-secret / VIDFLEET_WEBHOOK_SECRET): deliveries without a per-job "
                    + "secret wait and retry until a coordinator that has one sends them");
        }
        running = true;
        loop = new Thread(this::loop, "webhook-dispatch");
        loop.setDaemon(true);
        loop.start();
    }

    private void loop() {
        ReconnectBackoff backoff = ReconnectBackoff.standard();
        while (running) {
            try {
                queue.awaitSignal(settings.poll());
                dispatchOnce();
                backoff.succeeded();
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                Duration wait = backoff.failed();
                log.warn("webhook dispatcher: {}; retrying in {} ms", e.getMessage(), wait.toMillis());
                ReconnectBackoff.sleep(wait);
            }
        }
    }

    /** One pass: return expired leases, then start every due delivery this process has room for. */
    void dispatchOnce() {
        for (String host : queue.hosts()) {
            int redelivered = queue.reap(host);
            if (redelivered > 0) {
                metrics.webhookRedelivered(redelivered);
            }
            AtomicInteger sending = sendingPerHost.computeIfAbsent(host, h -> new AtomicInteger());
            while (running && sending.get() < settings.perHostConcurrency()) {
                Optional<ClaimedDelivery> claimed = queue.claim(host, owner, settings.lease());
                if (claimed.isEmpty()) {
                    break;
                }
                sending.incrementAndGet();
                senders.execute(() -> {
                    try {
                        deliver(claimed.get());
                    } finally {
                        sending.decrementAndGet();
                    }
                });
            }
        }
    }

    private void deliver(ClaimedDelivery delivery) {
        Optional<String> secret = delivery.secret().or(() -> settings.secret().map(WebhookSecret::reveal));
        WebhookSender.Attempt attempt = sender.send(delivery, secret);
        WebhookQueue.Outcome outcome;
        try {
            outcome = queue.report(delivery, attempt.delivered(), attempt.status(), attempt.error(),
                    backoff(delivery.attempt()), settings.retryWindow());
        } catch (RuntimeException e) {
            // Redis unreachable: the lease runs out and the delivery is sent again (same id)
            log.warn("webhook {}: outcome not recorded ({}); it will be redelivered", delivery.id(), e.getMessage());
            return;
        }
        metrics.webhookDelivery(outcome.name().toLowerCase());
        String target = WebhookEndpoint.parse(delivery.url()).redacted();
        switch (outcome) {
            case DELIVERED -> log.info("webhook {} delivered to {} (attempt {})", delivery.id(), target, delivery.attempt());
            case RETRY -> log.info("webhook {} to {} failed (attempt {}): {}; will retry", delivery.id(), target,
                    delivery.attempt(), attempt.error());
            case DEAD -> log.warn("webhook {} to {} dead-lettered after {} attempts: {}", delivery.id(), target,
                    delivery.attempt(), attempt.error());
            case STALE -> log.info("webhook {}: lease lost while sending; another sender has it", delivery.id());
        }
    }

    /** Exponential with jitter: between half and all of first * 2^(attempt-1), at most {@code maxBackoff}. */
    private Duration backoff(int attempt) {
        long first = settings.firstBackoff().toMillis();
        long ceiling = Math.min(settings.maxBackoff().toMillis(), first << Math.min(30, Math.max(0, attempt - 1)));
        return Duration.ofMillis(ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1));
    }

    @Override
    public void close() {
        running = false;
        if (loop != null) {
            try {
                loop.join(settings.poll().toMillis() + 5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        senders.shutdownNow(); // unfinished sends lose their lease and are sent again by someone else
    }
}
