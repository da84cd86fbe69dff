package io.vidfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.standardwebhooks.Webhook;
import io.vidfleet.common.jobs.JobState;
import io.vidfleet.common.json.Json;
import io.vidfleet.common.metrics.VidfleetMetrics;
import io.vidfleet.common.redis.LocalRedisServer;
import io.vidfleet.common.redis.RedisConnector;
import io.vidfleet.common.redis.RedisKeys;
import io.vidfleet.common.storage.SharedDirectoryStorage;
import io.vidfleet.common.store.JobStore;
import io.vidfleet.common.webhook.WebhookDelivery;
import io.vidfleet.common.webhook.WebhookEndpoint;
import io.vidfleet.common.webhook.WebhookQueue;
import io.vidfleet.common.webhook.WebhookSecret;
import io.vidfleet.coordinator.Coordinator;
import io.vidfleet.coordinator.CoordinatorSettings;
import io.vidfleet.coordinator.webhook.WebhookSettings;
import io.vidfleet.testing.TestJobs;
import io.vidfleet.testing.TestMedia;
import io.vidfleet.worker.Worker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.UnifiedJedis;

/**
 * Completion webhooks against real HTTP receivers on loopback, a real Redis of the test's own (the
 * delivery queues are cluster-wide keys) and, where a job has to encode, the real FFmpeg.
 */
class WebhookIT {
    private static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(
            "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
    private static LocalRedisServer redis;
    private static UnifiedJedis client;

    @TempDir
    Path dir;

    private final List<AutoCloseable> closing = new ArrayList<>();
    private JobStore store;
    private SharedDirectoryStorage storage;

    @BeforeAll
    static void startRedis() {
        redis = LocalRedisServer.started(false);
        client = RedisConnector.open(redis.url());
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
        client.flushAll(); // the test's own Redis
    }

    /** A clip of this test's own: other tests may damage the shared ones through a hard-linked import. */
    private static Path clip() {
        return TestMedia.make("webhook-clip.mp4", io.vidfleet.common.media.SampleVideo.standard(3).withSize(320, 240)
                .withGop(48).withoutAudio());
    }

    private WebhookReceiver receiver() throws Exception {
        WebhookReceiver receiver = new WebhookReceiver();
        closing.add(receiver);
        return receiver;
    }

    private Coordinator coordinator(WebhookSettings webhooks) {
        store = new JobStore(client, new RedisKeys());
        storage = new SharedDirectoryStorage(dir.resolve("storage"));
        Coordinator coordinator = new Coordinator(store, storage, new CoordinatorSettings(Duration.ofMillis(200),
                Duration.ofSeconds(10), Duration.ofMillis(500)), webhooks, VidfleetMetrics.create());
        coordinator.start();
        closing.add(coordinator);
        return coordinator;
    }

    private void worker() {
        Worker worker = new Worker(store, storage, Cluster.fastSettings());
        worker.start();
        closing.add(worker);
    }

    private static WebhookSettings fast() {
        return WebhookSettings.defaults().withSecret(Optional.of(WebhookSecret.parse(SECRET)))
                .withBackoff(Duration.ofMillis(200), Duration.ofSeconds(1)).withPoll(Duration.ofMillis(100));
    }

    private static Cli.Run cli(String... args) {
        return Cli.run(args);
    }

    private String submitClip(Path clip, String... notify) {
        List<String> args = new ArrayList<>(List.of("submit", clip.toString(), "--redis", redis.url(),
                "--storage", storage.root().toString(), "--chunk-seconds", "1"));
        for (String url : notify) {
            args.addAll(List.of("--notify-url", url));
        }
        Cli.Run run = cli(args.toArray(String[]::new));
        assertEquals(0, run.exit(), run.err());
        return run.out().strip();
    }

    /** A job with no media on a queue no worker serves, cancelled: its end is a webhook in milliseconds. */
    private String cancelledJob() {
        String jobId = TestJobs.create(store, TestJobs.draft(2, Duration.ofSeconds(30), 3));
        assertTrue(store.cancel(jobId, "cancelled by the test"));
        store.signalCoordinators(jobId);
        return jobId;
    }

    private static void verifySignature(WebhookReceiver.Request request) throws Exception {
        new Webhook(SECRET).verify(request.body(), request.headers()); // the Standard Webhooks reference library
        // and by hand, as the specification spells it: v1,BASE64(HMAC-SHA256(key, id.timestamp.body))
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(SECRET.substring("whsec_".length())), "HmacSHA256"));
        String signed = request.header("webhook-id") + "." + request.header("webhook-timestamp") + "." + request.body();
        String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
        assertEquals(expected, request.header("webhook-signature"));
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    private List<WebhookDelivery> deliveries() {
        return new WebhookQueue(client, new RedisKeys()).list(false, 100);
    }

    @Test
    void eachEndedJobSendsExactlyOneSignedEventToEachEndpoint() throws Exception {
        WebhookReceiver perJob = receiver();
        WebhookReceiver clusterDefault = receiver();
        coordinator(fast().withDefaultEndpoints(List.of(WebhookEndpoint.parse(clusterDefault.url()))));
        worker();
        String done = submitClip(clip(), perJob.url());
        String cancelled = cancelledJob();

        WebhookReceiver.Request toJob = perJob.next(120);
        assertNotNull(toJob, "the job's own endpoint got no event");
        verifySignature(toJob);
        JsonNode event = Json.tree(toJob.body());
        assertEquals("job.done", event.get("type").asText());
        assertEquals(done, event.get("data").get("job").asText());
        assertEquals("done", event.get("data").get("state").asText());
        assertTrue(event.get("data").get("output").asText().endsWith(done + ".mp4"));

        Set<String> defaultTypes = new HashSet<>();
        String doneIdAtDefault = null;
        for (int i = 0; i < 2; i++) {
            WebhookReceiver.Request request = clusterDefault.next(60);
            assertNotNull(request, "the cluster-wide endpoint got " + i + " of 2 events");
            verifySignature(request);
            JsonNode body = Json.tree(request.body());
            defaultTypes.add(body.get("type").asText() + " " + body.get("data").get("job").asText());
            if (body.get("type").asText().equals("job.done")) {
                doneIdAtDefault = request.header("webhook-id");
            }
        }
        assertEquals(Set.of("job.done " + done, "job.cancelled " + cancelled), defaultTypes);
        assertEquals(toJob.header("webhook-id"), doneIdAtDefault, "one logical event: the same id at every endpoint");

        await("every delivery recorded as delivered", Duration.ofSeconds(30),
                () -> deliveries().size() == 3 && deliveries().stream().allMatch(d -> d.state().equals("delivered")));
        Thread.sleep(1000); // a duplicate would have had time to arrive
        assertEquals(1, perJob.count(), "exactly one event per job at its endpoint");
        assertEquals(2, clusterDefault.count(), "exactly one event per job at the default endpoint");
        assertEquals(JobState.DONE, store.get(done).state());
        assertSecretNowhere(done);
    }

    /** The secret is in no job hash, event, status or listing (it lives only in the coordinator's memory). */
    private void assertSecretNowhere(String jobId) {
        String secretKey = SECRET.substring("whsec_".length());
        List<String> shown = new ArrayList<>();
        shown.add(store.redis().hgetAll(store.keys().job(jobId)).toString());
        shown.add(store.redis().xrange(store.keys().events(), (redis.clients.jedis.StreamEntryID) null, null).toString());
        shown.add(store.redis().xrange(store.keys().log(jobId), (redis.clients.jedis.StreamEntryID) null, null).toString());
        shown.add(cli("status", jobId, "--json", "--redis", redis.url()).out());
        shown.add(cli("webhooks", "--json", "--redis", redis.url()).out());
        for (String text : shown) {
            assertFalse(text.contains(secretKey), "secret shown in: " + text);
        }
    }

    @Test
    void receiverFailingTwiceGetsTheEventOnTheThirdDeliveryWithTheSameId() throws Exception {
        WebhookReceiver flaky = receiver().answering(500, 500);
        coordinator(fast().withDefaultEndpoints(List.of(WebhookEndpoint.parse(flaky.url()))));
        String jobId = cancelledJob();

        List<WebhookReceiver.Request> requests = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            WebhookReceiver.Request request = flaky.next(30);
            assertNotNull(request, "delivery " + (i + 1) + " never came");
            verifySignature(request);
            requests.add(request);
        }
        assertEquals(1, requests.stream().map(r -> r.header("webhook-id")).distinct().count(), "one id on every delivery");
        assertEquals(1, requests.stream().map(WebhookReceiver.Request::body).distinct().count(), "one body on every delivery");
        assertTrue(Json.tree(requests.get(0).body()).get("data").get("job").asText().equals(jobId));
        await("the third delivery recorded", Duration.ofSeconds(10), () -> "delivered".equals(deliveries().get(0).state()));
        WebhookDelivery delivery = deliveries().get(0);
        assertEquals(3, delivery.attempts());
        assertEquals("200", delivery.lastStatus());
        Thread.sleep(500);
        assertNull(flaky.next(0), "nothing after the 2xx");

        Cli.Run listed = cli("webhooks", "--redis", redis.url());
        assertEquals(0, listed.exit(), listed.err());
        assertTrue(listed.out().contains(delivery.id()) && listed.out().contains("delivered"), listed.out());
    }

    @Test
    void redirectsAreNotFollowedButRetriedAtTheOriginalUrl() throws Exception {
        WebhookReceiver elsewhere = receiver();
        WebhookReceiver moving = receiver().answering(307);
        moving.redirectingTo(elsewhere.url());
        coordinator(fast().withDefaultEndpoints(List.of(WebhookEndpoint.parse(moving.url()))));
        cancelledJob();
        assertNotNull(moving.next(30));
        assertNotNull(moving.next(30), "the redirected delivery was retried at its own URL");
        await("delivered", Duration.ofSeconds(10), () -> "delivered".equals(deliveries().get(0).state()));
        assertEquals(0, elsewhere.count(), "the redirect was followed");
        assertEquals(2, deliveries().get(0).attempts());
    }

    @Test
    void deliveryFailingPastItsRetryWindowIsDeadLetteredAndRequeueSendsItAgain() throws Exception {
        WebhookReceiver down = receiver().alwaysAnswering(503);
        coordinator(fast().withRetryWindow(Duration.ofMillis(700))
                .withDefaultEndpoints(List.of(WebhookEndpoint.parse(down.url()))));
        cancelledJob();
        await("the delivery dead-lettered", Duration.ofSeconds(30),
                () -> !deliveries().isEmpty() && "dead".equals(deliveries().get(0).state()));
        WebhookDelivery dead = deliveries().get(0);
        assertEquals("503", dead.lastStatus());
        Cli.Run listed = cli("webhooks", "--dead", "--redis", redis.url());
        assertTrue(listed.out().contains(dead.id()) && listed.out().contains("dead"), listed.out());
        String firstId = down.next(1).header("webhook-id");
        assertTrue(down.count() >= 2, "retried before it died: " + down.count());
        while (down.next(0) != null) {
            // drop what came before the requeue
        }
        int before = down.count();

        Cli.Run bad = cli("webhooks", "requeue", "no-such-delivery", "--redis", redis.url());
        assertEquals(2, bad.exit());
        down.alwaysAnswering(0); // the endpoint is fixed
        Cli.Run requeued = cli("webhooks", "requeue", "--all", "--redis", redis.url());
        assertEquals(0, requeued.exit(), requeued.err());
        assertTrue(requeued.out().contains("1 delivery requeued"), requeued.out());
        WebhookReceiver.Request again = down.next(30);
        assertNotNull(again, "the requeued delivery was not sent");
        assertEquals(firstId, again.header("webhook-id"), "a requeued delivery keeps its event id");
        await("delivered after the requeue", Duration.ofSeconds(10), () -> "delivered".equals(deliveries().get(0).state()));
        assertEquals(before + 1, down.count());
        assertTrue(new WebhookQueue(client, new RedisKeys()).list(true, 10).isEmpty(), "no dead letters left");
    }

    @Test
    void aReceiverThatNeverAnswersDelaysNeitherAnotherReceiverNorEncoding() throws Exception {
        WebhookReceiver hung = receiver().hanging();
        WebhookReceiver healthy = receiver();
        coordinator(fast().withRequestTimeout(Duration.ofMinutes(2)));
        worker();
        String stuck = submitClip(clip(), hung.url());
        assertNotNull(hung.next(120), "the hanging receiver was never called");
        long hangingSince = System.nanoTime();

        // the next job encodes and its webhook reaches the other receiver while the first send still hangs
        String next = submitClip(clip(), healthy.url());
        WebhookReceiver.Request request = healthy.next(120);
        assertNotNull(request, "the healthy receiver got nothing while another endpoint hung");
        assertEquals(next, Json.tree(request.body()).get("data").get("job").asText());
        assertEquals(JobState.DONE, store.get(next).state());
        assertTrue(System.nanoTime() - hangingSince < Duration.ofMinutes(2).toNanos(), "the hung send had timed out already");
        Map<String, String> stuckDelivery = deliveries().stream().filter(d -> d.jobId().equals(stuck)).findFirst()
                .map(d -> Map.of("state", d.state())).orElseThrow();
        assertEquals("delivering", stuckDelivery.get("state"), "the hung delivery is still in flight");
        assertEquals(1, hung.count());
    }

    @Test
    void submitRefusesABadNotifyUrlLeavingNothing() throws Exception {
        Path clip = clip();
        Files.createDirectories(dir.resolve("storage"));
        for (String url : List.of("ftp://example.com/x", "file:///etc/passwd", "http://user:pw@127.0.0.1/x", "not a url")) {
            Cli.Run run = cli("submit", clip.toString(), "--redis", redis.url(), "--storage", dir.resolve("storage").toString(),
                    "--notify-url", url);
            assertEquals(2, run.exit(), url + ": " + run.err());
            assertEquals(1, run.err().strip().lines().count(), run.err());
            assertTrue(run.err().contains("webhook URL"), run.err());
        }
        Cli.Run badSecret = cli("submit", clip.toString(), "--redis", redis.url(), "--storage", dir.resolve("storage").toString(),
                "--notify-url", "http://127.0.0.1:9/x", "--webhook-secret", "plain-text");
        assertEquals(2, badSecret.exit(), badSecret.err());
        assertFalse(badSecret.err().contains("plain-text"), "the secret is not echoed: " + badSecret.err());
        assertEquals(0, client.dbSize(), "no key left behind");
    }
}
