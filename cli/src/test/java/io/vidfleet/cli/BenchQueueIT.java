package io.vidfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vidfleet.common.json.Json;
import io.vidfleet.common.redis.LocalRedisServer;
import io.vidfleet.common.redis.RedisConnector;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.UnifiedJedis;

/** `vidfleet bench queue` with a few hundred tasks, on a Redis of its own: rows, simulation, chart, nothing left behind. */
class BenchQueueIT {
    private static LocalRedisServer redis;
    private static JsonNode report;

    @TempDir
    static Path out;

    @BeforeAll
    static void run() throws Exception {
        redis = LocalRedisServer.started(false);
        StringWriter stderr = new StringWriter();
        var cli = VidfleetCommand.commandLine();
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(stderr, true));
        int exit = cli.execute("bench", "queue", "--tasks", "300", "--concurrency", "1,4", "--jvms", "2", "--jvm-concurrency", "2",
                "--simulate", "30", "--simulate-tasks-per-worker", "2", "--time-scale", "0.01", "--no-bullmq", "--warm-up", "40", "--rounds", "3",
                "--redis", redis.url(), "--out", out.toString());
        assertEquals(0, exit, "bench queue failed: " + stderr);
        report = Json.tree(Files.readString(out.resolve("report.json")));
    }

    @AfterAll
    static void stop() {
        redis.close();
    }

    @Test
    void everyRowClaimsAndCompletesEveryTask() {
        List<String> shapes = new ArrayList<>();
        for (JsonNode row : report.path("rows")) {
            shapes.add(row.path("jvms").asInt() + "x" + row.path("concurrency").asInt());
            assertEquals(300, row.path("tasks").asInt(), row.toString());
            assertTrue(row.path("tasksPerSecond").asDouble() > 0, row.toString());
            assertTrue(row.path("p50Micros").asDouble() > 0, row.toString());
            assertTrue(row.path("p50Micros").asDouble() <= row.path("p99Micros").asDouble(), row.toString());
            // at least one script call per task (the completion, which may make the next claim too), and the commands they run
            assertTrue(row.path("scriptCallsPerTask").asDouble() >= 1, row.toString());
            assertTrue(row.path("commandsPerTask").asDouble() > row.path("scriptCallsPerTask").asDouble(), row.toString());
            assertTrue(row.path("redisCpuMicrosPerTask").asDouble() > 0, row.toString());
            // every process ran a job of its own first (the bench's JVM, each child JVM)
            assertEquals(40, row.path("warmUpTasks").asInt(), row.toString());
        }
        assertEquals(List.of("1x1", "1x4", "2x2"), shapes);
    }

    @Test
    void eachOneJvmRowRanEveryRoundAndHoldsTheirMedian() throws Exception {
        for (JsonNode row : report.path("rows")) {
            List<Double> rounds = new ArrayList<>();
            row.path("roundTasksPerSecond").forEach(v -> rounds.add(v.asDouble()));
            if (row.path("jvms").asInt() == 1) {
                assertEquals(3, rounds.size(), row.toString());
                assertEquals(io.vidfleet.cli.bench.Stats.median(rounds), row.path("tasksPerSecond").asDouble(), row.toString());
            } else {
                assertEquals(List.of(row.path("tasksPerSecond").asDouble()), rounds, "several JVMs run once: " + row);
            }
            assertEquals(0, row.path("roundRatios").size(), "no BullMQ peer, no ratio: " + row);
        }
        String markdown = Files.readString(out.resolve("report.md"));
        JsonNode first = report.path("rows").get(0);
        assertTrue(markdown.contains(String.format(java.util.Locale.ROOT, "%.0f (%.0f, %.0f, %.0f)",
                first.path("tasksPerSecond").asDouble(), first.path("roundTasksPerSecond").get(0).asDouble(),
                first.path("roundTasksPerSecond").get(1).asDouble(), first.path("roundTasksPerSecond").get(2).asDouble())), markdown);
    }

    @Test
    void oneJvmRowsGiveTheirClientCpuPerTaskWithinWhatTheCoresAllow() {
        int cores = Runtime.getRuntime().availableProcessors();
        for (JsonNode row : report.path("rows")) {
            double client = row.path("clientCpuMicrosPerTask").asDouble();
            if (row.path("jvms").asInt() == 1) {
                assertTrue(client > 0, row.toString());
                // at most every core for the whole window: a task's share of it, with a margin for the threads' start and end
                double window = 1_000_000.0 / row.path("tasksPerSecond").asDouble();
                assertTrue(client <= cores * window * 1.5, client + " µs of CPU per task, each task's window " + window + " µs: " + row);
            } else {
                assertEquals(0.0, client, "not measured across JVMs: " + row);
            }
        }
    }

    @Test
    void bullmqSkippedWithANote() throws Exception {
        assertTrue(report.path("bullmq").asText().contains("skipped"), report.path("bullmq").asText());
        assertTrue(Files.readString(out.resolve("report.md")).contains("skipped"));
    }

    @Test
    void scaleSimulationRunsEveryTask() {
        JsonNode row = report.path("scale").get(0);
        assertEquals(30, row.path("workers").asInt());
        assertEquals(60, row.path("tasks").asInt());
        double efficiency = row.path("efficiency").asDouble();
        assertTrue(efficiency > 0 && efficiency <= 1, row.toString());
        assertTrue(row.path("wallMillis").asLong() >= row.path("idealMillis").asLong() || efficiency == 1.0, row.toString());
        // the ideal is the same sleeps under free dispatch, never below an even split of them
        assertTrue(row.path("idealMillis").asLong() >= row.path("evenSplitMillis").asLong(), row.toString());
        assertEquals(3000, row.path("modelledWorkers").asInt(), "30 workers sleeping x0.01 claim as often as 3000 real ones");
        assertTrue(row.path("scriptCallsPerTask").asDouble() >= 2, row.toString());
    }

    @Test
    void eachSimulatedWorkerConnectsOnItsOwnBeforeTheClock() {
        // one shared pool would open its connections while timed (or make threads wait for them), which separate workers never do
        JsonNode row = report.path("scale").get(0);
        // each of the 30: its commands share one connection, its pipelines (the queue index lookup) take another
        assertEquals(2 * 30, row.path("connectionsBeforeClock").asInt(), row.toString());
        assertEquals(0, row.path("connectionsDuringRun").asInt(), row.toString());
    }

    @Test
    void chartsAreValidPngFilesAndNoBenchKeyIsLeft() throws Exception {
        for (JsonNode chart : report.path("charts")) {
            assertTrue(ImageIO.read(out.resolve(chart.asText()).toFile()).getWidth() > 100, chart.asText());
        }
        assertEquals(2, report.path("charts").size());
        try (UnifiedJedis client = RedisConnector.open(redis.url())) {
            assertEquals(java.util.Set.of(), client.keys("vfbench-*"));
        }
    }
}
