package io.vidfleet.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vidfleet.common.error.BadInputException;
import io.vidfleet.common.jobs.JobState;
import io.vidfleet.common.queue.ClaimOutcome;
import io.vidfleet.common.queue.TaskQueue;
import io.vidfleet.coordinator.JobSubmitter;
import io.vidfleet.coordinator.SubmitOptions;
import io.vidfleet.testing.TestMedia;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code vidfleet serve} over real HTTP, against a real Redis and a real cluster running real jobs. */
class ApiIT {
    private static ApiCluster cluster;

    @BeforeAll
    static void start() {
        cluster = new ApiCluster(1);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void everyApiRequestNeedsTheToken() {
        long jobsBefore = cluster.store.redis().zcard(cluster.store.keys().jobs());
        String body = "{\"input\": \"" + TestMedia.noAudio().toAbsolutePath() + "\"}";
        List<HttpRequest.Builder> requests = List.of(
                request("/api/jobs").GET(),
                request("/api/jobs").header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)),
                request("/api/jobs/20261127-000000-abcdef").GET(),
                request("/api/jobs/20261127-000000-abcdef/cancel").POST(HttpRequest.BodyPublishers.noBody()),
                request("/api/jobs/20261127-000000-abcdef/requeue").POST(HttpRequest.BodyPublishers.noBody()),
                request("/api/workers").GET(), request("/api/queues").GET(), request("/api/dead-letters").GET(),
                request("/api/no-such-thing").GET());
        for (HttpRequest.Builder builder : requests) {
            for (String authorization : new String[]{null, "Bearer wrong-token-0123456789", "Basic dXNlcjpwYXNz",
                    "Bearer " + ApiCluster.TOKEN + "x", "Bearer"}) {
                HttpRequest.Builder copy = builder.copy();
                if (authorization != null) {
                    copy.header("Authorization", authorization);
                }
                HttpRequest request = copy.build();
                ApiCluster.Response response = cluster.send(request);
                assertEquals(401, response.status(), request + " with " + authorization);
                assertEquals("Bearer realm=\"vidfleet\"", response.headers().firstValue("WWW-Authenticate").orElse(null));
                assertOneLine(response);
            }
        }
        assertEquals(jobsBefore, cluster.store.redis().zcard(cluster.store.keys().jobs()), "a refused submit created a job");
        ApiCluster.Response health = cluster.send(HttpRequest.newBuilder(cluster.uri("/healthz")).GET().build());
        assertEquals(200, health.status());
        assertEquals("ok", health.body().get("redis").asText());
        ApiCluster.Response page = cluster.send(HttpRequest.newBuilder(cluster.uri("/")).GET().build());
        assertEquals(200, page.status(), "the dashboard's page (no data in it) loads without the token");
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("script-src 'self'"));
        assertEquals(200, cluster.get("/api/jobs").status(), "the right token is let in");
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(cluster.uri(path)).timeout(Duration.ofSeconds(30));
    }

    @Test
    void badRequestsGetA4xxWithAOneLineReasonAndLeaveNothingBehind() throws IOException {
        String video = TestMedia.noAudio().toAbsolutePath().toString();
        Path text = Files.writeString(Files.createTempFile("not-a-video", ".mp4"), "hello");
        Set<String> keysBefore = keys();
        List<Path> filesBefore = files();
        record Case(String method, String path, String contentType, String body, int status, String mentions) {
        }
        List<Case> cases = List.of(
                new Case("POST", "/api/jobs", "application/json", "{not json", 400, "not JSON"),
                new Case("POST", "/api/jobs", "application/json", "[1, 2]", 400, "JSON object"),
                new Case("POST", "/api/jobs", "text/plain", "{}", 415, "application/json"),
                new Case("POST", "/api/jobs", "application/json", "{}", 400, "input is required"),
                new Case("POST", "/api/jobs", "application/json", "{\"input\": \"a.mp4\"}", 400, "absolute path"),
                new Case("POST", "/api/jobs", "application/json", "{\"input\": \"s3://bucket/a.mp4\"}", 400, "s3:// locations are not taken"),
                new Case("POST", "/api/jobs", "application/json", "{\"input\": \"" + video + "\", \"colour\": 1}", 400, "unknown field 'colour'"),
                new Case("POST", "/api/jobs", "application/json", "{\"input\": \"" + video + "\", \"chunk-seconds\": \"2\"}", 400, "chunk-seconds must be a number"),
                new Case("POST", "/api/jobs", "application/json", "{\"input\": \"" + video + "\", \"max-attempts\": 1.5}", 400, "max-attempts must be a whole number"),
                new Case("POST", "/api/jobs", "application/json", "{\"input\": \"/no/such/file.mp4\"}", 400, "/no/such/file.mp4"),
                new Case("GET", "/api/jobs/20261127-000000-abcdef", null, null, 404, "no such job: 20261127-000000-abcdef"),
                new Case("POST", "/api/jobs/20261127-000000-abcdef/cancel", null, null, 404, "no such job"),
                new Case("POST", "/api/jobs/20261127-000000-abcdef/requeue", null, null, 404, "no such job"),
                new Case("GET", "/api/jobs/a%7Bb%7D", null, null, 400, "bad job id"),
                new Case("GET", "/api/jobs?limit=0", null, null, 400, "limit must be a whole number from 1 to 1000"),
                new Case("DELETE", "/api/jobs", null, null, 405, "use GET, POST"),
                new Case("GET", "/api/nothing", null, null, 404, "no such endpoint"),
                new Case("POST", "/api/jobs", "application/json", "{\"input\": \"" + "x".repeat(70_000) + "\"}", 413, "request body over"));
        for (Case c : cases) {
            HttpRequest.Builder builder = cluster.authorized(c.path());
            if (c.contentType() != null) {
                builder.header("Content-Type", c.contentType());
            }
            builder.method(c.method(), c.body() == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(c.body()));
            ApiCluster.Response response = cluster.send(builder.build());
            assertEquals(c.status(), response.status(), c + " -> " + response.text());
            assertOneLine(response);
            assertTrue(response.error().contains(c.mentions()), c + " -> " + response.error());
        }
        // the submit path is the CLI's: each option it rejects comes back with the CLI's own words
        for (String[] option : new String[][]{{"profile", "\"nope\""}, {"chunk-seconds", "0"}, {"lease-seconds", "0.5"},
                {"priority", "\"urgent\""}, {"delivery", "\"twice\""}, {"max-attempts", "0"}, {"output", "\"" + video + "\""},
                {"output", "\"/tmp/out.avi\""}, {"input", "\"" + text + "\""}}) {
            ApiCluster.Response response = cluster.post("/api/jobs",
                    option[0].equals("input") ? "{\"input\": " + option[1] + "}" : "{\"input\": \"" + video + "\", \"" + option[0] + "\": " + option[1] + "}");
            assertEquals(400, response.status(), option[0] + " -> " + response.text());
            assertOneLine(response);
            assertEquals(cliError(option[0], option[1].replace("\"", ""), video), response.error(), option[0]);
        }
        assertEquals(keysBefore, keys(), "a refused request left keys behind");
        assertEquals(filesBefore, files(), "a refused request left files behind");
    }

    private static List<Path> files() throws IOException {
        try (Stream<Path> files = Files.walk(cluster.storageDir)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    /** What {@code vidfleet submit} says (without its "vidfleet: " prefix) for the same option. */
    private static String cliError(String option, String value, String video) {
        SubmitOptions d = SubmitOptions.defaults();
        Path input = Path.of(option.equals("input") ? value : video);
        SubmitOptions options = switch (option) {
            case "profile" -> new SubmitOptions(value, d.chunkSeconds(), null, d.priority(), d.delivery(), null, d.maxAttempts(), null);
            case "chunk-seconds" -> new SubmitOptions(d.profile(), Double.parseDouble(value), null, d.priority(), d.delivery(), null, d.maxAttempts(), null);
            case "lease-seconds" -> new SubmitOptions(d.profile(), d.chunkSeconds(), null, d.priority(), d.delivery(), Double.parseDouble(value), d.maxAttempts(), null);
            case "priority" -> new SubmitOptions(d.profile(), d.chunkSeconds(), null, value, d.delivery(), null, d.maxAttempts(), null);
            case "delivery" -> new SubmitOptions(d.profile(), d.chunkSeconds(), null, d.priority(), value, null, d.maxAttempts(), null);
            case "max-attempts" -> new SubmitOptions(d.profile(), d.chunkSeconds(), null, d.priority(), d.delivery(), null, Integer.parseInt(value), null);
            case "output" -> new SubmitOptions(d.profile(), d.chunkSeconds(), Path.of(value), d.priority(), d.delivery(), null, d.maxAttempts(), null);
            default -> d;
        };
        return assertThrows(BadInputException.class,
                () -> new JobSubmitter(cluster.store, cluster.storage).submit(options.toRequest(input))).getMessage();
    }

    private static Set<String> keys() {
        Set<String> keys = new TreeSet<>(cluster.store.redis().keys(cluster.store.keys().jobs() + "*"));
        keys.addAll(cluster.store.redis().keys(cluster.store.keys().job("*")));
        keys.addAll(cluster.store.redis().keys(cluster.store.keys().idempotency("*")));
        return keys;
    }

    private static void assertOneLine(ApiCluster.Response response) {
        assertNotNull(response.error(), "a JSON error: " + response.text());
        assertFalse(response.error().isBlank());
        assertFalse(response.error().contains("\n"), response.error());
        assertFalse(response.text().contains("\tat "), "no stack trace: " + response.text());
    }

    @Test
    void submittedJobRunsToDoneAndShowsWhoEncodedWhat() {
        String body = "{\"input\": \"" + TestMedia.noAudio().toAbsolutePath() + "\", \"chunk-seconds\": 2, "
                + "\"priority\": \"high\", \"idempotency-key\": \"api-it-done\"}";
        ApiCluster.Response submitted = cluster.post("/api/jobs", body);
        assertEquals(201, submitted.status(), submitted.text());
        String id = submitted.body().get("id").asText();
        assertEquals("/api/jobs/" + id, submitted.headers().firstValue("Location").orElse(null));
        int chunks = submitted.body().get("chunks").asInt();
        assertTrue(chunks >= 2, submitted.text());
        ApiCluster.Response again = cluster.post("/api/jobs", body);
        assertEquals(200, again.status(), "a repeated idempotency key finds the first job: " + again.text());
        assertEquals(id, again.body().get("id").asText());
        assertTrue(again.body().get("existing").asBoolean());

        JsonNode done = cluster.awaitState(id, "done", Duration.ofMinutes(3));
        assertEquals(chunks, done.get("tasksDone").asInt());
        assertEquals(1.0, done.get("progress").asDouble());
        assertTrue(done.get("notes").isArray(), done.toString());
        String worker = cluster.workers.get(0).id();
        for (JsonNode task : done.get("tasks")) {
            assertEquals("done", task.get("state").asText(), task.toString());
            assertEquals(worker, task.get("worker").asText());
            assertTrue(task.get("attempts").asInt() >= 1);
            assertNotNull(task.get("finishedAt").textValue(), task.toString());
        }
        assertTrue(Files.isRegularFile(cluster.coordinator.outputPath(cluster.store.get(id))), "the output exists");

        JsonNode timeline = cluster.get("/api/jobs/" + id + "/timeline").body();
        assertEquals(chunks, timeline.get("attempts").asInt(), timeline.toString());
        JsonNode lanes = timeline.get("workers");
        assertEquals(1, lanes.size(), timeline.toString());
        assertEquals(worker, lanes.get(0).get("worker").asText());
        List<String> tasks = new ArrayList<>();
        for (JsonNode attempt : lanes.get(0).get("attempts")) {
            assertEquals("done", attempt.get("outcome").asText(), attempt.toString());
            assertTrue(attempt.get("end").asLong() >= attempt.get("start").asLong(), attempt.toString());
            tasks.add(attempt.get("task").asText());
        }
        assertEquals(chunks, new TreeSet<>(tasks).size(), "each chunk once: " + tasks);
        JsonNode phases = timeline.get("phases");
        assertTrue(phases.get("encoded").asLong() <= phases.get("verified").asLong(), timeline.toString());
        assertTrue(timeline.get("end").asLong() >= phases.get("verified").asLong(), timeline.toString());

        List<String> listed = new ArrayList<>();
        cluster.get("/api/jobs?limit=10").body().get("jobs").forEach(j -> listed.add(j.get("id").asText()));
        assertTrue(listed.contains(id), listed.toString());
        JsonNode workers = cluster.get("/api/workers").body().get("workers");
        JsonNode me = null;
        for (JsonNode w : workers) {
            me = w.get("id").asText().equals(worker) ? w : me;
        }
        assertNotNull(me, "the worker is listed: " + workers);
        assertEquals("h264", me.get("queues").get(0).asText());
        assertFalse(me.get("host").asText().isEmpty());
        assertTrue(me.get("heartbeatAgeMs").asLong() < 30_000, me.toString());
        cluster.awaitSettled(id, Duration.ofSeconds(30));
        cluster.store.redis().del(cluster.store.keys().idempotency("api-it-done"));
    }

    @Test
    void cancelStopsAQueuedJobOnceAndSaysWhenItHadEnded() {
        String id = submitUnserved();
        JsonNode hevc = queueRow("hevc", "normal");
        assertTrue(hevc.get("ready").asLong() >= 1, hevc.toString());

        ApiCluster.Response cancelled = cluster.post("/api/jobs/" + id + "/cancel", "");
        assertEquals(200, cancelled.status(), cancelled.text());
        assertEquals("cancelled", cancelled.body().get("state").asText());
        assertEquals(JobState.CANCELLED, cluster.awaitSettled(id, Duration.ofSeconds(30)).state());
        ApiCluster.Response twice = cluster.post("/api/jobs/" + id + "/cancel", "");
        assertEquals(409, twice.status(), twice.text());
        assertEquals("job " + id + " already ended: cancelled", twice.error());
        assertEquals(0, queueRow("hevc", "normal").get("ready").asLong(), "nothing of the job is left on its queue");
    }

    @Test
    void deadLettersAreListedAndRequeueSendsThemBack() {
        String id = submitUnserved();
        // workers of this test: the first fails the task retryably, the reaper makes it ready again, the
        // second gets it (a redelivery) and fails it for good: the job fails, the task is dead-lettered
        TaskQueue queue = new TaskQueue(cluster.store.redis(), cluster.store.keys());
        ClaimOutcome first = queue.claim(id, "worker-hosta-1-abcd");
        assertEquals(ClaimOutcome.Status.CLAIMED, first.status());
        queue.fail(first.task(), "encoder crashed (test)", true, Duration.ZERO);
        ClaimOutcome claim = queue.claim(id, "worker-hostb-2-efgh");
        for (long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
             !claim.claimed() && System.nanoTime() < deadline; claim = queue.claim(id, "worker-hostb-2-efgh")) {
            ApiCluster.sleep(50); // until a reaper pass promotes the delayed retry
        }
        assertEquals(2, claim.task().attempt(), "redelivered");
        queue.fail(claim.task(), "undecodable chunk (test)", false, Duration.ZERO);
        assertEquals("failed", cluster.awaitState(id, "failed", Duration.ofSeconds(30)).get("state").asText());

        JsonNode letter = null;
        for (JsonNode d : cluster.get("/api/dead-letters").body().get("deadLetters")) {
            letter = d.get("job").asText().equals(id) ? d : letter;
        }
        assertNotNull(letter, "the dead letter is listed");
        assertEquals(claim.task().taskId(), letter.get("task").asText());
        assertEquals("undecodable chunk (test)", letter.get("error").asText());
        assertEquals(2, letter.get("attempts").asInt());
        assertEquals(2, letter.get("history").size(), letter.toString());
        assertEquals(1, queueRow("hevc", "normal").get("dead").asLong());
        JsonNode timeline = cluster.get("/api/jobs/" + id + "/timeline").body();
        assertEquals(2, timeline.get("attempts").asInt(), timeline.toString());
        assertEquals(1, timeline.get("redeliveries").asInt(), timeline.toString());
        JsonNode lanes = timeline.get("workers");
        assertEquals("worker-hosta-1-abcd", lanes.get(0).get("worker").asText(), timeline.toString());
        assertEquals("hosta", lanes.get(0).get("host").asText());
        JsonNode failed = lanes.get(0).get("attempts").get(0);
        assertEquals(List.of("1", "failed", "encoder crashed (test)"),
                List.of(failed.get("attempt").asText(), failed.get("outcome").asText(), failed.get("error").asText()));
        JsonNode dead = lanes.get(1).get("attempts").get(0);
        assertEquals(List.of("worker-hostb-2-efgh", "2", "dead", "undecodable chunk (test)"),
                List.of(dead.get("worker").asText(), dead.get("attempt").asText(), dead.get("outcome").asText(), dead.get("error").asText()));

        ApiCluster.Response requeued = cluster.post("/api/jobs/" + id + "/requeue", "");
        assertEquals(200, requeued.status(), requeued.text());
        assertTrue(requeued.body().get("requeued").asInt() >= 1, requeued.text());
        assertEquals("queued", requeued.body().get("state").asText());
        assertEquals(0, queueRow("hevc", "normal").get("dead").asLong());
        ApiCluster.Response twice = cluster.post("/api/jobs/" + id + "/requeue", "");
        assertEquals(409, twice.status(), twice.text());
        assertTrue(twice.error().contains("only a failed job can be requeued"), twice.error());
        assertEquals(200, cluster.post("/api/jobs/" + id + "/cancel", "").status());
        cluster.awaitSettled(id, Duration.ofSeconds(30));
    }

    /** A job on the hevc queue, which this cluster's workers do not serve: it waits until a test acts. */
    private static String submitUnserved() {
        ApiCluster.Response submitted = cluster.post("/api/jobs", "{\"input\": \"" + TestMedia.noAudio().toAbsolutePath()
                + "\", \"profile\": \"hevc-720p\"}"); // one task: the clip is shorter than a chunk
        assertEquals(201, submitted.status(), submitted.text());
        return submitted.body().get("id").asText();
    }

    private static JsonNode queueRow(String queue, String priority) {
        for (JsonNode row : cluster.get("/api/queues").body().get("queues")) {
            if (row.get("queue").asText().equals(queue) && row.get("priority").asText().equals(priority)) {
                return row;
            }
        }
        throw new AssertionError("no row for " + queue + "/" + priority);
    }
}
