package io.vidfleet.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.vidfleet.common.jobs.JobRecord;
import io.vidfleet.common.json.Json;
import io.vidfleet.common.redis.RedisKeys;
import io.vidfleet.common.storage.SharedDirectoryStorage;
import io.vidfleet.common.store.JobStore;
import io.vidfleet.coordinator.Coordinator;
import io.vidfleet.coordinator.CoordinatorSettings;
import io.vidfleet.testing.TestJobs;
import io.vidfleet.testing.TestRedis;
import io.vidfleet.worker.Worker;
import io.vidfleet.worker.WorkerSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A real cluster for API tests: the test Redis under a key prefix of its own, a coordinator, workers
 * that serve only the {@code h264} queue (so an {@code hevc-720p} job stays queued until a test acts on
 * it), and {@code vidfleet serve} on a free loopback port, spoken to over real HTTP.
 */
final class ApiCluster implements AutoCloseable {
    static final String TOKEN = "test-token-" + Long.toHexString(ThreadLocalRandom.current().nextLong());

    final JobStore store;
    final Path storageDir;
    final SharedDirectoryStorage storage;
    final Coordinator coordinator;
    final List<Worker> workers = new ArrayList<>();
    final ApiServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    record Response(int status, JsonNode body, HttpHeaders headers, String text) {
        String error() {
            return body != null && body.has("error") ? body.get("error").asText() : null;
        }
    }

    ApiCluster(int workerCount) {
        store = new JobStore(TestRedis.client(), new RedisKeys("vft-api-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36)));
        try {
            storageDir = Files.createTempDirectory("vidfleet-api-storage-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        storage = new SharedDirectoryStorage(storageDir);
        coordinator = new Coordinator(store, storage, new CoordinatorSettings(Duration.ofMillis(500),
                Duration.ofSeconds(10), Duration.ofMillis(500)));
        coordinator.start();
        for (int i = 0; i < workerCount; i++) {
            startWorker();
        }
        server = ApiServer.start(ApiSettings.of("127.0.0.1", 0, TOKEN), store, storage);
    }

    Worker startWorker() {
        Worker worker = new Worker(store, storage, WorkerSettings.defaults(List.of("h264")).withThreads(1)
                .withShutdownGrace(Duration.ofSeconds(5)));
        worker.start();
        workers.add(worker);
        return worker;
    }

    URI uri(String path) {
        return server.uri().resolve(path);
    }

    Response get(String path) {
        return send(authorized(path).GET().build());
    }

    Response post(String path, String json) {
        return send(authorized(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    HttpRequest.Builder authorized(String path) {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + TOKEN);
    }

    Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body = null;
            if (response.headers().firstValue("Content-Type").orElse("").startsWith("application/json")) {
                body = Json.tree(response.body());
            }
            return new Response(response.statusCode(), body, response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Polls the API (not Redis) until the job is in {@code state}. */
    JsonNode awaitState(String jobId, String state, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode job = null;
        while (System.nanoTime() < deadline) {
            job = get("/api/jobs/" + jobId).body();
            if (state.equals(job.get("state").asText())) {
                return job;
            }
            sleep(100);
        }
        throw new AssertionError("job " + jobId + " not " + state + " within " + timeout + ": " + job);
    }

    /** Waits until no coordinator or worker still works on the job (its cleanup is over). */
    JobRecord awaitSettled(String jobId, Duration timeout) {
        return TestJobs.awaitSettled(store, jobId, timeout);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.close();
        workers.forEach(Worker::close);
        coordinator.close();
        List<String> jobs = store.redis().zrange(store.keys().jobs(), 0, -1);
        for (String id : jobs) {
            store.find(id).ifPresent(job -> store.deleteJob(id, job.queue(), job.priority()));
        }
    }
}
