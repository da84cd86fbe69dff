package io.vidfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vidfleet.common.json.Json;
import io.vidfleet.common.redis.LocalRedisServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `vidfleet bench queue` with its BullMQ peer (Node.js, npm and the npm registry needed: {@code ./mvnw verify -Pbullmq}).
 * BullMQ's rows count its measured jobs only: adding one job and finishing it are its two script calls, whatever
 * its warm-up did before.
 */
@Tag("bullmq")
class BenchQueueBullmqIT {
    @TempDir
    Path out;

    @Test
    void bullmqRowsCountTheirMeasuredJobsOnlyAndGiveTheRatio() throws Exception {
        try (LocalRedisServer redis = LocalRedisServer.started(false)) {
            StringWriter stderr = new StringWriter();
            var cli = VidfleetCommand.commandLine();
            cli.setOut(new PrintWriter(new StringWriter(), true));
            cli.setErr(new PrintWriter(stderr, true));
            int exit = cli.execute("bench", "queue", "--tasks", "400", "--concurrency", "1,4", "--jvms", "0", "--simulate", "0",
                    "--warm-up", "300", "--rounds", "2", "--bullmq-dir", out.resolve("bullmq").toString(), "--redis", redis.url(), "--out", out.toString());
            assertEquals(0, exit, "bench queue failed: " + stderr);
            JsonNode report = Json.tree(Files.readString(out.resolve("report.json")));
            int peers = 0;
            for (JsonNode row : report.path("rows")) {
                if (row.path("system").asText().startsWith("BullMQ")) {
                    peers++;
                    assertEquals(400, row.path("tasks").asInt(), row.toString());
                    // one script per job (its completion takes the next job along): adding the jobs (one more each) is not counted
                    assertEquals(1.0, row.path("scriptCallsPerTask").asDouble(), 0.1, row.toString());
                    assertTrue(row.path("redisCpuMicrosPerTask").asDouble() > 0, row.toString());
                    assertEquals(300, row.path("warmUpTasks").asInt(), row.toString());
                    assertTrue(row.path("clientCpuMicrosPerTask").asDouble() > 0, "Node.js's CPU per job: " + row);
                } else {
                    assertTrue(row.path("ratioToBullmq").asDouble() > 0, row.toString());
                    // both systems ran both rounds, alternating: a ratio for each
                    assertEquals(2, row.path("roundRatios").size(), row.toString());
                }
                assertEquals(2, row.path("roundTasksPerSecond").size(), row.toString());
            }
            assertEquals(2, peers, "a BullMQ row per concurrency: " + stderr);
        }
    }
}
