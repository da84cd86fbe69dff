package io.vidfleet.common.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.vidfleet.common.store.ClusterStatus;
import io.vidfleet.common.store.QueueDepth;
import io.vidfleet.common.webhook.WebhookQueue;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Cluster-wide queue depths as gauges, read from Redis once per scrape ({@link #refresh()}): tasks
 * ready, in flight and delayed per queue and priority; webhook deliveries waiting and in flight per
 * endpoint host, and dead.
 */
public final class QueueGauges {
    private final VidfleetMetrics metrics;
    private final ClusterStatus cluster;
    private final WebhookQueue webhooks;
    private final Map<String, AtomicLong> values = new ConcurrentHashMap<>();

    public QueueGauges(VidfleetMetrics metrics, ClusterStatus cluster, WebhookQueue webhooks) {
        this.metrics = metrics;
        this.cluster = cluster;
        this.webhooks = webhooks;
    }

    public void refresh() {
        for (QueueDepth depth : cluster.queues()) {
            Tags tags = Tags.of("queue", depth.queue(), "priority", depth.priority().wire());
            set("vidfleet.queue.ready", "tasks waiting for a worker", tags, depth.ready());
            set("vidfleet.queue.inflight", "tasks claimed under a lease", tags, depth.inflight());
            set("vidfleet.queue.delayed", "failed tasks waiting out their backoff", tags, depth.delayed());
            set("vidfleet.queue.jobs", "jobs with work not yet done on the queue", tags, depth.jobs());
            set("vidfleet.queue.dead", "dead-lettered tasks of failed jobs (among the newest " + ClusterStatus.RECENT_JOBS + ")",
                    tags, depth.dead());
        }
        WebhookQueue.Depths hooks = webhooks.depths();
        values.forEach((key, value) -> {
            if (key.startsWith("vidfleet.webhook.queue.")) {
                value.set(0); // a host whose queue emptied leaves the set: show it as empty
            }
        });
        hooks.perHost().forEach((host, counts) -> {
            set("vidfleet.webhook.queue.waiting", "webhook deliveries waiting (due or backing off)", Tags.of("host", host), counts[0]);
            set("vidfleet.webhook.queue.inflight", "webhook deliveries being sent", Tags.of("host", host), counts[1]);
        });
        set("vidfleet.webhook.dead", "dead-lettered webhook deliveries", Tags.empty(), hooks.dead());
    }

    private void set(String name, String description, Tags tags, long value) {
        values.computeIfAbsent(name + tags, k -> {
            AtomicLong holder = new AtomicLong();
            Gauge.builder(name, holder, AtomicLong::get).description(description).tags(tags).register(metrics.registry());
            return holder;
        }).set(value);
    }
}
