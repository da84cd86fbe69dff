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
    /** With no delivery waiting anywhere, the loop only waits for an enqueue's signal, this long at a time. */
    private static final Duration IDLE_BLOCK = Duration.ofSeconds(10);
    private final Map<String, AtomicInteger> sendingPerHost = new ConcurrentHashMap<>();
    private final ExecutorService senders = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "webhook-send");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean running;
    /** The loop is blocked waiting for a signal (nothing in hand): a close need not wait for it. */
    private volatile boolean waiting;
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
        boolean idle = false;
        while (running) {
            try {
                waiting = true;
                try {
                    queue.awaitSignal(store.blocking(), idle ? IDLE_BLOCK : settings.poll());
                } finally {
                    waiting = false;
                }
                idle = dispatchOnce() == 0;
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

    /**
     * One pass: return expired leases, then start every due delivery this process has room for. Returns
     * how many hosts have deliveries waiting or in flight (0: nothing to poll for until a signal).
     */
    int dispatchOnce() {
        List<String> hosts = queue.hosts();
        for (String host : hosts) {
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
        return hosts.size();
    }

    private void deliver(ClaimedDelivery delivery) {
        WebhookEndpoint endpoint;
        try {
            endpoint = WebhookEndpoint.parse(delivery.url()); // read from Redis: checked again before it is called
        } catch (RuntimeException e) {
            record(delivery, new WebhookSender.Attempt(false, 0, "unusable URL: " + e.getMessage()), Duration.ZERO);
            return;
        }
        Optional<String> secret = delivery.secret().or(() -> settings.secret().map(WebhookSecret::reveal));
        WebhookSender.Attempt attempt;
        try {
            attempt = sender.send(delivery, secret);
        } catch (RuntimeException e) {
            attempt = new WebhookSender.Attempt(false, 0, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        WebhookQueue.Outcome outcome = record(delivery, attempt, settings.retryWindow());
        if (outcome == null) {
            return;
        }
        String target = endpoint.redacted();
        switch (outcome) {
            case DELIVERED -> log.info("webhook {} delivered to {} (attempt {})", delivery.id(), target, delivery.attempt());
            case RETRY -> log.info("webhook {} to {} failed (attempt {}): {}; will retry", delivery.id(), target,
                    delivery.attempt(), attempt.error());
            case DEAD -> log.warn("webhook {} to {} dead-lettered after {} attempts: {}", delivery.id(), target,
                    delivery.attempt(), attempt.error());
            case STALE -> log.info("webhook {}: lease lost while sending; another sender has it", delivery.id());
        }
    }

    /** Reports the attempt; null when Redis could not be told (the lease then runs out: sent again, same id). */
    private WebhookQueue.Outcome record(ClaimedDelivery delivery, WebhookSender.Attempt attempt, Duration retryWindow) {
        try {
            WebhookQueue.Outcome outcome = queue.report(delivery, attempt.delivered(), attempt.status(), attempt.error(),
                    backoff(delivery.attempt()), retryWindow);
            metrics.webhookDelivery(outcome.name().toLowerCase());
            return outcome;
        } catch (RuntimeException e) {
            log.warn("webhook {}: outcome not recorded ({}); it will be redelivered", delivery.id(), e.getMessage());
            return null;
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
        if (loop != null && waiting) {
            wakeQuietly(); // a thread blocked in a socket read holds up the JVM's exit by up to 300 ms
        }
        if (loop != null && !waiting) {
            try {
                // a pass in progress ends quickly; a loop blocked in its wait (a daemon that claims
                // nothing once stopped) is not waited for, so stopping a coordinator never waits for the block
                loop.join(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        senders.shutdownNow(); // unfinished sends lose their lease and are sent again by someone else
    }

    private void wakeQuietly() {
        try {
            queue.wake();
        } catch (RuntimeException ignored) {
            // Redis is gone: the wait has ended with it
        }
    }
}
