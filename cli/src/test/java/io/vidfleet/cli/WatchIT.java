package io.vidfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vidfleet.common.json.Json;
import io.vidfleet.common.redis.LocalRedisServer;
import io.vidfleet.common.redis.RedisConnector;
import io.vidfleet.common.redis.RedisKeys;
import io.vidfleet.common.storage.SharedDirectoryStorage;
import io.vidfleet.common.store.JobStore;
import io.vidfleet.common.store.TaskProgress;
import io.vidfleet.coordinator.Coordinator;
import io.vidfleet.coordinator.CoordinatorSettings;
import io.vidfleet.testing.TestMedia;
import io.vidfleet.worker.Worker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import redis.clients.jedis.UnifiedJedis;

/** {@code vidfleet watch --json}, {@code workers} and {@code queues} on a real job (real Redis, FFmpeg, worker). */
class WatchIT {
    private static final List<String> ORDER = List.of("queued", "running", "stitching", "done");
    private static LocalRedisServer redis;
    private static UnifiedJedis client;

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

    /** A writer whose text can be read while the command still writes to it. */
    private static final class Captured extends StringWriter {
        synchronized List<String> lines() {
            return toString().lines().toList();
        }
    }

    private static Cli.Run cli(String... args) {
        return Cli.run(args);
    }

    @Test
    void watchJsonShowsTheStatesInOrderWithChunksFramesAndWorkers() throws Exception {
        JobStore store = new JobStore(client, new RedisKeys());
        SharedDirectoryStorage storage = new SharedDirectoryStorage(dir.resolve("storage"));
        try (Coordinator coordinator = new Coordinator(store, storage, new CoordinatorSettings(Duration.ofMillis(200),
                Duration.ofSeconds(10), Duration.ofMillis(300)))) {
            coordinator.start();
            Cli.Run submitted = cli("submit", TestMedia.make("watch-long-gop.mp4", io.vidfleet.common.media.SampleVideo.standard(8).withSize(320, 240).withGop(90)).toString(), "--redis", redis.url(), "--storage",
                    storage.root().toString(), "--chunk-seconds", "1");
            assertEquals(0, submitted.exit(), submitted.err());
            String jobId = submitted.out().strip();

            Captured out = new Captured();
            CommandLine watch = VidfleetCommand.commandLine();
            watch.setOut(new PrintWriter(out, true));
            watch.setErr(new PrintWriter(new StringWriter(), true));
            CompletableFuture<Integer> watching = CompletableFuture.supplyAsync(
                    () -> watch.execute("watch", jobId, "--json", "--redis", redis.url()));
            await(() -> !out.lines().isEmpty(), "the first progress object");

            List<String> workersSeen = new ArrayList<>();
            try (Worker worker = new Worker(store, storage, Cluster.fastSettings())) {
                worker.start();
                await(() -> cli("workers", "--json", "--redis", redis.url()).out().contains(worker.id()), "the worker listed");
                Cli.Run queues = cli("queues", "--json", "--redis", redis.url());
                assertEquals(0, queues.exit(), queues.err());
                List<String> rows = new ArrayList<>();
                Json.tree(queues.out()).get("queues").forEach(q -> rows.add(q.get("queue").asText() + "/" + q.get("priority").asText()));
                assertTrue(rows.contains("h264/normal") && rows.contains("hevc/high")
                        && rows.size() == 3 * io.vidfleet.common.profile.Profiles.queues().size(), rows.toString());
                assertEquals(0, (int) watching.get(3, TimeUnit.MINUTES));
                workersSeen.add(worker.id());
            }

            List<JsonNode> objects = out.lines().stream().map(Json::tree).toList();
            List<String> states = new ArrayList<>();
            for (JsonNode o : objects) {
                String state = o.get("state").asText();
                if (states.isEmpty() || !states.get(states.size() - 1).equals(state)) {
                    states.add(state);
                }
            }
            assertEquals(ORDER, states, "states in order, each once: " + out);
            long lastChunks = -1;
            long lastFrames = -1;
            for (JsonNode o : objects) {
                assertTrue(o.get("chunksDone").asLong() >= lastChunks, "chunks never go back: " + out);
                assertTrue(o.get("framesDone").asLong() >= lastFrames, "frames never go back: " + out);
                lastChunks = o.get("chunksDone").asLong();
                lastFrames = o.get("framesDone").asLong();
            }
            JsonNode last = objects.get(objects.size() - 1);
            assertEquals(last.get("chunksTotal").asInt(), last.get("chunksDone").asInt());
            assertTrue(last.get("chunksTotal").asInt() >= 4, "a job of several chunks: " + last);
            assertEquals(last.get("framesTotal").asLong(), last.get("framesDone").asLong());
            assertEquals(240, last.get("framesTotal").asLong());
            assertTrue(last.get("output").asText().endsWith(jobId + ".mp4"));
            assertTrue(objects.stream().anyMatch(o -> o.get("workers").toString().contains(workersSeen.get(0))),
                    "the worker holding chunks is shown: " + out);

            // every chunk's encode published its progress, the last block with all its frames
            Map<String, String> progress = client.hgetAll(store.keys().progress(jobId));
            int chunks = last.get("chunksTotal").asInt();
            long chunkEntries = progress.keySet().stream().filter(k -> k.startsWith("v")).count();
            assertEquals(chunks, chunkEntries, "progress of every chunk: " + progress);
            long published = progress.entrySet().stream().filter(e -> e.getKey().startsWith("v"))
                    .mapToLong(e -> Json.read(e.getValue(), TaskProgress.class).frames()).sum();
            assertEquals(240, published);
        }
    }

    @Test
    void submitWaitJsonPrintsOnlyJsonObjectsWithTheStatesInOrder() throws Exception {
        JobStore store = new JobStore(client, new RedisKeys());
        SharedDirectoryStorage storage = new SharedDirectoryStorage(dir.resolve("storage"));
        try (Coordinator coordinator = new Coordinator(store, storage, new CoordinatorSettings(Duration.ofMillis(200),
                Duration.ofSeconds(10), Duration.ofMillis(300)))) {
            coordinator.start();
            Captured out = new Captured();
            CommandLine submit = VidfleetCommand.commandLine();
            submit.setOut(new PrintWriter(out, true));
            submit.setErr(new PrintWriter(new StringWriter(), true));
            CompletableFuture<Integer> submitting = CompletableFuture.supplyAsync(() -> submit.execute("submit",
                    TestMedia.noAudio().toString(), "--wait", "--json", "--redis", redis.url(),
                    "--storage", storage.root().toString(), "--chunk-seconds", "1"));
            await(() -> !out.lines().isEmpty(), "the first progress object"); // the worker starts only now
            try (Worker worker = new Worker(store, storage, Cluster.fastSettings())) {
                worker.start();
                assertEquals(0, (int) submitting.get(3, TimeUnit.MINUTES));
            }
            List<JsonNode> objects = out.lines().stream().map(Json::tree).toList(); // every line is a JSON object
            List<String> states = new ArrayList<>();
            for (JsonNode o : objects) {
                String state = o.get("state").asText();
                if (states.isEmpty() || !states.get(states.size() - 1).equals(state)) {
                    states.add(state);
                }
            }
            assertEquals(ORDER, states, "states in order, each once: " + out);
            JsonNode last = objects.get(objects.size() - 1);
            String jobId = last.get("job").asText();
            assertTrue(last.get("output").asText().endsWith(jobId + ".mp4"), last.toString());
        }
    }

    @Test
    void watchOfAnUnknownJobIsAOneLineError() {
        Cli.Run run = cli("watch", "20990101-000000-nosuch", "--redis", redis.url());
        assertEquals(2, run.exit());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertFalse(run.err().contains("Exception"), run.err());
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }
}
