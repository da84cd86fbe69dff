package io.vidfleet.common.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;

/**
 * Every metric a worker or coordinator records, named in one place (Prometheus names after the
 * exporter's conventions: {@code vidfleet_tasks_claimed_total}, {@code vidfleet_chunk_encode_seconds_bucket}, ...).
 * Counters count what this process did; queue gauges ({@link QueueGauges}) show the whole cluster.
 */
public final class VidfleetMetrics {
    private final PrometheusMeterRegistry registry;

    private VidfleetMetrics(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    public static VidfleetMetrics create() {
        return new VidfleetMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** The registry in Prometheus text format. */
    public String scrape() {
        return registry.scrape();
    }

    /** The per-queue task counters. */
    private enum TaskCounter {
        CLAIMED("vidfleet.tasks.claimed", "tasks this process claimed"),
        REDELIVERED("vidfleet.tasks.redelivered", "claims of a task that had been handed out before"),
        COMPLETED("vidfleet.tasks.completed", "task results accepted"),
        FAILED("vidfleet.tasks.failed", "attempts that failed (retried or dead-lettered)"),
        DEAD("vidfleet.tasks.dead", "tasks dead-lettered");

        private final String metric;
        private final String description;

        TaskCounter(String metric, String description) {
            this.metric = metric;
            this.description = description;
        }
    }

    /** Registers a queue's task counters at zero, so a scrape shows them before the first task. */
    public void serveQueue(String queue) {
        for (TaskCounter counter : TaskCounter.values()) {
            counter(counter, queue);
        }
    }

    public void taskClaimed(String queue, int attempt) {
        counter(TaskCounter.CLAIMED, queue).increment();
        if (attempt > 1) {
            counter(TaskCounter.REDELIVERED, queue).increment();
        }
    }

    public void taskCompleted(String queue) {
        counter(TaskCounter.COMPLETED, queue).increment();
    }

    /** A failed attempt: {@code dead} when the task was dead-lettered, else it will be retried. */
    public void taskFailed(String queue, boolean dead) {
        counter(TaskCounter.FAILED, queue).increment();
        if (dead) {
            taskDead(queue);
        }
    }

    public void taskDead(String queue) {
        counter(TaskCounter.DEAD, queue).increment();
    }

    public void leaseExpired(int count) {
        Counter.builder("vidfleet.lease.expirations").description("leases that ran out (found by this process's reaper)")
                .register(registry).increment(count);
    }

    /** One task's encode: its wall time and, for video chunks, frames per second. */
    public void encoded(String queue, String kind, Duration took, int frames) {
        Timer.builder("vidfleet.chunk.encode").description("wall time of one task's encode")
                .tag("queue", queue).tag("kind", kind).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(100)).maximumExpectedValue(Duration.ofHours(1))
                .register(registry).record(took);
        if (frames > 0 && took.toMillis() > 0) {
            DistributionSummary.builder("vidfleet.chunk.encode.fps").description("frames per second of one chunk's encode")
                    .tag("queue", queue).serviceLevelObjectives(1, 5, 10, 25, 50, 100, 200, 400, 800, 1600)
                    .register(registry).record(frames * 1000.0 / took.toMillis());
        }
    }

    public void stitched(Duration took, String outcome) {
        Timer.builder("vidfleet.stitch").description("wall time of a stitch and its verification")
                .tag("outcome", outcome).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(100)).maximumExpectedValue(Duration.ofHours(1))
                .register(registry).record(took);
    }

    /** A webhook attempt: delivered, retry, dead, or stale (its lease was lost meanwhile). */
    public void webhookDelivery(String outcome) {
        Counter.builder("vidfleet.webhook.deliveries").description("webhook delivery attempts by outcome")
                .tag("outcome", outcome).register(registry).increment();
    }

    public void webhookRedelivered(int count) {
        Counter.builder("vidfleet.webhook.redelivered").description("webhook deliveries whose sender's lease ran out")
                .register(registry).increment(count);
    }

    private Counter counter(TaskCounter counter, String queue) {
        return Counter.builder(counter.metric).description(counter.description).tag("queue", queue).register(registry);
    }
}
