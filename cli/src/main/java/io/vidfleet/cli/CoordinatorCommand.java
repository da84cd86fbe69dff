package io.vidfleet.cli;

import io.vidfleet.common.error.BadInputException;
import io.vidfleet.common.metrics.MetricsServer;
import io.vidfleet.common.metrics.QueueGauges;
import io.vidfleet.common.metrics.VidfleetMetrics;
import io.vidfleet.common.store.JobStore;
import io.vidfleet.common.store.ClusterStatus;
import io.vidfleet.common.webhook.WebhookEndpoint;
import io.vidfleet.common.webhook.WebhookQueue;
import io.vidfleet.common.webhook.WebhookSecret;
import io.vidfleet.coordinator.Coordinator;
import io.vidfleet.coordinator.CoordinatorSettings;
import io.vidfleet.coordinator.JobSubmitter;
import io.vidfleet.coordinator.Retention;
import io.vidfleet.coordinator.webhook.WebhookSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "coordinator", mixinStandardHelpOptions = true,
        description = "Run a coordinator: stitch and verify finished jobs, publish completion events, send webhooks, "
                + "return expired leases. Stateless: run one or several; restart it at any time.")
final class CoordinatorCommand implements Callable<Integer> {
    @Mixin
    RedisOption redis;

    @Mixin
    StorageOption storage;

    @Mixin
    OutputRootOption outputRoot;

    @Mixin
    EvictionOption eviction;

    @Option(names = "--allow-any-output", defaultValue = "${env:VIDFLEET_ALLOW_ANY_OUTPUT:-false}", fallbackValue = "true",
            description = "write outputs wherever a job names them, with this process's rights; by default only under "
                    + "the storage and --output-root ($VIDFLEET_ALLOW_ANY_OUTPUT)")
    boolean allowAnyOutput;

    @Option(names = "--keep-done", paramLabel = "D", defaultValue = "${env:VIDFLEET_KEEP_DONE:-7d}", converter = OptionRanges.Age.class,
            description = "keep a done job's record this long after it ended, then purge it (default: ${DEFAULT-VALUE})")
    java.time.Duration keepDone;

    @Option(names = "--keep-failed", paramLabel = "D", defaultValue = "${env:VIDFLEET_KEEP_FAILED:-30d}", converter = OptionRanges.Age.class,
            description = "keep a failed job's record and finished chunks this long (default: ${DEFAULT-VALUE})")
    java.time.Duration keepFailed;

    @Option(names = "--keep-cancelled", paramLabel = "D", defaultValue = "${env:VIDFLEET_KEEP_CANCELLED:-1d}", converter = OptionRanges.Age.class,
            description = "keep a cancelled job's record this long (default: ${DEFAULT-VALUE})")
    java.time.Duration keepCancelled;

    @Mixin
    HttpOptions http;

    @Option(names = "--notify-url", paramLabel = "URL", split = ",", defaultValue = "${env:VIDFLEET_NOTIFY_URLS}",
            description = "cluster-wide default: every job's end is also POSTed here; repeatable or comma-separated "
                    + "(default: $VIDFLEET_NOTIFY_URLS). Give every coordinator the same list.")
    List<String> notifyUrls = new ArrayList<>();

    @Option(names = "--webhook-secret", paramLabel = "whsec_...", defaultValue = "${env:VIDFLEET_WEBHOOK_SECRET}",
            description = "Standard Webhooks signing secret (default: $VIDFLEET_WEBHOOK_SECRET; prefer the variable: "
                    + "arguments show in ps)")
    String webhookSecret;

    @Option(names = "--webhook-retry-hours", paramLabel = "H", defaultValue = "24",
            description = "retry a failing delivery this long, then dead-letter it (default: ${DEFAULT-VALUE})", converter = OptionRanges.RetryHours.class)
    double retryHours;

    @Option(names = "--webhook-timeout-seconds", paramLabel = "S", defaultValue = "10",
            description = "how long a receiver may take to answer (default: ${DEFAULT-VALUE})", converter = OptionRanges.ReceiverSeconds.class)
    double timeoutSeconds;

    @Override
    public Integer call() throws InterruptedException {
        WebhookSettings webhooks = webhookSettings();
        JobStore store = eviction.checked(redis.open(2)); // two blocking loops: stitch signals and webhook deliveries
        VidfleetMetrics metrics = VidfleetMetrics.create();
        var shared = storage.open();
        CoordinatorSettings settings = CoordinatorSettings.defaults()
                .withRetention(new Retention(keepDone, keepFailed, keepCancelled));
        Coordinator coordinator = new Coordinator(store, shared, settings, webhooks, metrics,
                outputRoot.policy(JobSubmitter.storageRoot(shared), allowAnyOutput));
        MetricsServer server = http.port == null ? null : MetricsServer.start(http.host, http.port, "coordinator",
                coordinator.id(), metrics, gauges(store, metrics)::refresh, () -> "PONG".equals(store.redis().ping()));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            coordinator.close();
            if (server != null) {
                server.close();
            }
            stopped.countDown();
        }, "coordinator-shutdown"));
        coordinator.start();
        stopped.await();
        return ExitCodes.OK;
    }

    static QueueGauges gauges(JobStore store, VidfleetMetrics metrics) {
        return new QueueGauges(metrics, new ClusterStatus(store), new WebhookQueue(store.redis(), store.keys()));
    }

    private WebhookSettings webhookSettings() {
        if (!(retryHours > 0) || retryHours > 24 * 30) {
            throw new BadInputException("--webhook-retry-hours must be above 0 and at most 720, got " + retryHours);
        }
        if (!(timeoutSeconds >= 1) || timeoutSeconds > 300) {
            throw new BadInputException("--webhook-timeout-seconds must be 1 to 300, got " + timeoutSeconds);
        }
        List<WebhookEndpoint> endpoints = notifyUrls == null ? List.of()
                : notifyUrls.stream().filter(u -> !u.isBlank()).map(WebhookEndpoint::parse).distinct().toList();
        Optional<WebhookSecret> secret = webhookSecret == null || webhookSecret.isBlank()
                ? Optional.empty() : Optional.of(WebhookSecret.parse(webhookSecret.strip()));
        return WebhookSettings.defaults().withDefaultEndpoints(endpoints).withSecret(secret)
                .withRetryWindow(Duration.ofMillis(Math.round(retryHours * 3_600_000)))
                .withRequestTimeout(Duration.ofMillis(Math.round(timeoutSeconds * 1000)));
    }
}
