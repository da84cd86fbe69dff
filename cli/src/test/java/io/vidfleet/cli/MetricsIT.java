package io.vidfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidfleet.common.jobs.JobState;
import io.vidfleet.common.json.Json;
import io.vidfleet.common.metrics.MetricsServer;
import io.vidfleet.common.metrics.VidfleetMetrics;
import io.vidfleet.common.redis.LocalRedisServer;
import io.vidfleet.common.redis.RedisConnector;
import io.vidfleet.common.redis.RedisKeys;
import io.vidfleet.common.storage.SharedDirectoryStorage;
import io.vidfleet.common.store.JobStore;
import io.vidfleet.common.webhook.JobWebhooks;
import io.vidfleet.common.webhook.WebhookEndpoint;
import io.vidfleet.common.webhook.WebhookSecret;
import io.vidfleet.coordinator.Coordinator;
import io.vidfleet.coordinator.CoordinatorSettings;
import io.vidfleet.coordinator.JobSubmitter;
import io.vidfleet.coordinator.SubmitRequest;
import io.vidfleet.coordinator.webhook.WebhookSettings;
import io.vidfleet.testing.TestMedia;
import io.vidfleet.worker.Worker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.resps.StreamEntry;

/**
 * {@code /metrics} and {@code /healthz} of a real worker and coordinator after real jobs: the text parses
 * as Prometheus exposition format and every counter matches what the jobs' own logs in Redis say.
 */
class MetricsIT {
    private static LocalRedisServer redis;
    private static UnifiedJedis client;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @BeforeAll
    static void startRedis() {
        redis = LocalRedisServer.started(false);
        client = RedisConnector.open(redis.url());
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static List<StreamEntry> log(JobStore store, String jobId) {
        return store.redis().xrange(store.keys().log(jobId), (StreamEntryID) null, null);
    }

    private static long events(List<StreamEntry> log, String event) {
        return log.stream().filter(e -> event.equals(e.getFields().get("event"))).count();
    }

    @Test
    void metricsParseAsPrometheusTextAndMatchTheJobLogs() throws Exception {
        JobStore store = new JobStore(client, new RedisKeys());
        SharedDirectoryStorage storage = new SharedDirectoryStorage(dir.resolve("storage"));
        String secret = "whsec_" + Base64.getEncoder().encodeToString("k".repeat(32).getBytes(StandardCharsets.US_ASCII));
        VidfleetMetrics coordinatorMetrics = VidfleetMetrics.create();
        VidfleetMetrics workerMetrics = VidfleetMetrics.create();
        try (WebhookReceiver receiver = new WebhookReceiver();
             Coordinator coordinator = new Coordinator(store, storage, new CoordinatorSettings(Duration.ofMillis(200),
                     Duration.ofSeconds(10), Duration.ofMillis(300)), WebhookSettings.defaults()
                     .withSecret(Optional.of(WebhookSecret.parse(secret))).withPoll(Duration.ofMillis(100)), coordinatorMetrics);
             Worker worker = new Worker(store, storage, Cluster.fastSettings().withRetryBackoff(Duration.ofMillis(200)), workerMetrics);
             MetricsServer coordinatorHttp = MetricsServer.start("127.0.0.1", 0, "coordinator", coordinator.id(),
                     coordinatorMetrics, CoordinatorCommand.gauges(store, coordinatorMetrics)::refresh, () -> true);
             MetricsServer workerHttp = MetricsServer.start("127.0.0.1", 0, "worker", worker.id(), workerMetrics,
                     CoordinatorCommand.gauges(store, workerMetrics)::refresh, () -> "PONG".equals(client.ping()))) {
            coordinator.start();
            JobSubmitter submitter = new JobSubmitter(store, storage);
            // one job that succeeds (video chunks and an audio task) and notifies a receiver
            String good = submitter.submit(SubmitRequest.of(TestMedia.make("metrics-gop12.mp4", io.vidfleet.common.media.SampleVideo.standard(6).withSize(320, 240).withGop(12)), "h264-720p").withChunkLength(Duration.ofSeconds(2)),
                    new JobWebhooks.Request(List.of(WebhookEndpoint.parse(receiver.url())), Optional.empty())).jobId();
            // one whose input vanished from storage: every attempt fails, the second dead-letters the task
            String bad = submitter.submit(SubmitRequest.of(TestMedia.make("metrics-no-audio.mp4", io.vidfleet.common.media.SampleVideo.standard(3).withSize(320, 240).withGop(48).withoutAudio()), "h264-720p")
                    .withChunkLength(Duration.ofSeconds(60)).withMaxAttempts(2)).jobId();
            Files.delete(storage.localPath(store.get(bad).input()));
            worker.start();
            assertNotNull(receiver.next(180), "the job's webhook never came");
            await(store, good);
            await(store, bad);
            assertEquals(JobState.DONE, store.get(good).state());
            assertEquals(JobState.FAILED, store.get(bad).state());

            HttpResponse<String> scraped = get(workerHttp.port(), "/metrics");
            assertEquals(200, scraped.statusCode());
            assertTrue(scraped.headers().firstValue("content-type").orElse("").startsWith("text/plain; version=0.0.4"));
            PrometheusText w = PrometheusText.parse(scraped.body());
            List<StreamEntry> goodLog = log(store, good);
            List<StreamEntry> badLog = log(store, bad);
            Map<String, String> h264 = Map.of("queue", "h264");
            assertEquals(events(goodLog, "claimed") + events(badLog, "claimed"), w.value("vidfleet_tasks_claimed_total", h264));
            assertEquals(events(goodLog, "done") + events(badLog, "done"), w.value("vidfleet_tasks_completed_total", h264));
            long retries = events(goodLog, "retry") + events(badLog, "retry");
            long dead = client.llen(store.keys().dead(bad)) + client.llen(store.keys().dead(good));
            assertEquals(1, dead);
            assertEquals(retries + dead, w.value("vidfleet_tasks_failed_total", h264));
            assertEquals(dead, w.value("vidfleet_tasks_dead_total", h264));
            long redelivered = java.util.stream.Stream.concat(goodLog.stream(), badLog.stream())
                    .filter(e -> "claimed".equals(e.getFields().get("event")))
                    .filter(e -> Integer.parseInt(e.getFields().get("attempt")) > 1).count();
            assertTrue(redelivered >= 1, "the failing task was claimed again");
            assertEquals(redelivered, w.value("vidfleet_tasks_redelivered_total", h264));
            int videoChunks = store.get(good).tasksTotal() - 1;
            assertEquals(videoChunks, w.value("vidfleet_chunk_encode_seconds_count", Map.of("kind", "video")));
            assertEquals(1, w.value("vidfleet_chunk_encode_seconds_count", Map.of("kind", "audio")));
            assertEquals(videoChunks, w.value("vidfleet_chunk_encode_fps_count"));
            assertTrue(w.value("vidfleet_chunk_encode_fps_sum") > 0);
            assertEquals("histogram", w.types.get("vidfleet_chunk_encode_seconds"));
            assertEquals(videoChunks, w.value("vidfleet_chunk_encode_seconds_bucket", Map.of("kind", "video", "le", "+Inf")));
            assertEquals(events(goodLog, "lease-expired") + events(badLog, "lease-expired"),
                    w.value("vidfleet_lease_expirations_total") + 0);
            assertEquals(0, w.value("vidfleet_queue_ready", Map.of("queue", "h264", "priority", "normal")));
            assertEquals(0, w.value("vidfleet_queue_inflight", Map.of("queue", "h264")));
            assertEquals(dead, w.value("vidfleet_queue_dead", Map.of("queue", "h264", "priority", "normal")));

            PrometheusText c = PrometheusText.parse(get(coordinatorHttp.port(), "/metrics").body());
            assertEquals(events(goodLog, "job-done"), c.value("vidfleet_stitch_seconds_count", Map.of("outcome", "done")));
            assertEquals(1, c.value("vidfleet_webhook_deliveries_total", Map.of("outcome", "delivered")));
            assertEquals(0, c.value("vidfleet_webhook_dead"));

            HttpResponse<String> health = get(workerHttp.port(), "/healthz");
            assertEquals(200, health.statusCode());
            assertEquals("ok", Json.tree(health.body()).get("status").asText());
            assertEquals(404, get(workerHttp.port(), "/nothing").statusCode());
        }
    }

    @Test
    void healthzSaysUnavailableWhenRedisIsGone() throws Exception {
        try (LocalRedisServer own = LocalRedisServer.started(false); UnifiedJedis ownClient = RedisConnector.open(own.url())) {
            VidfleetMetrics metrics = VidfleetMetrics.create();
            try (MetricsServer server = MetricsServer.start("127.0.0.1", 0, "worker", "w1", metrics, () -> { },
                    () -> "PONG".equals(ownClient.ping()))) {
                assertEquals(200, get(server.port(), "/healthz").statusCode());
                own.close();
                HttpResponse<String> down = get(server.port(), "/healthz");
                assertEquals(503, down.statusCode());
                assertEquals("unavailable", Json.tree(down.body()).get("status").asText());
            }
        }
    }

    private static void await(JobStore store, String jobId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (!(store.get(jobId).state().terminal() && !store.activeJobIds().contains(jobId))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("job " + jobId + " did not end: " + store.get(jobId));
            }
            Thread.sleep(50);
        }
    }
}
