package io.vidfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vidfleet.common.json.Json;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `vidfleet bench` on a tiny generated sample with two workers, end to end (its own private Redis, a
 * real `vidfleet local` JVM, real FFmpeg): the report is written and its numbers agree with each other
 * and with the recorded times. No timing is asserted.
 */
class BenchIT {
    @TempDir
    static Path out;

    private static JsonNode report;
    private static String markdown;

    @BeforeAll
    static void runBench() throws Exception {
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        var cli = VidfleetCommand.commandLine();
        cli.setOut(new PrintWriter(stdout, true));
        cli.setErr(new PrintWriter(stderr, true));
        int exit = cli.execute("bench", "--sample-seconds", "3", "--sample-size", "192x108", "--workers", "2",
                "--runs", "1", "--out", out.toString());
        assertEquals(0, exit, "bench failed: " + stderr);
        assertEquals(out.resolve("report.md").toString(), stdout.toString().strip());
        report = Json.tree(Files.readString(out.resolve("report.json")));
        markdown = Files.readString(out.resolve("report.md"));
    }

    @Test
    void frameCountsOfSourceSingleAndVidfleetAreEqual() {
        JsonNode quality = report.path("quality").get(0);
        int frames = report.path("source").path("frames").asInt();
        assertEquals(90, frames, "3 s at 30000/1001 fps");
        assertEquals(frames, quality.path("sourceFrames").asInt());
        assertEquals(frames, quality.path("singleFrames").asInt());
        assertEquals(frames, quality.path("fleetFrames").asInt());
        assertTrue(quality.path("fleetPsnrY").asDouble() > 30, "vidfleet output resembles the source: " + quality);
        assertTrue(quality.path("fleetVsSingleSsim").asDouble() > 0.9, quality.toString());
        assertEquals(quality.path("sourceAudioSeconds").asDouble(), quality.path("fleetAudioSeconds").asDouble(), 0.05);
        assertTrue(markdown.contains("90 / 90 / 90 (exact)"), markdown);
    }

    @Test
    void theWorstFrameAndTheOutputSizesStandBesideTheAverages() throws Exception {
        JsonNode quality = report.path("quality").get(0);
        for (String side : List.of("single", "fleet")) {
            JsonNode worst = quality.path(side + "WorstFrame");
            double psnr = worst.path("psnrY").asDouble();
            assertTrue(psnr > 20 && psnr <= quality.path(side + "PsnrY").asDouble(), side + ": " + quality);
            int frame = worst.path("frame").asInt(-1);
            assertTrue(frame >= 0 && frame < 90, side + ": " + quality);
        }
        assertEquals(Files.size(out.resolve("single-r1.mp4")), quality.path("singleBytes").asLong());
        assertEquals(Files.size(out.resolve("vidfleet-w2-r1.mp4")), quality.path("fleetBytes").asLong());
        assertTrue(markdown.contains("worst frame"), markdown);
    }

    @Test
    void ratiosAreComputedFromTheRecordedTimes() {
        List<Long> single = longs(report.path("singleMillis"));
        assertEquals(1, single.size());
        assertEquals(single.get(0), report.path("singleMedianMillis").asDouble(), 1e-9);
        JsonNode row = report.path("rows").get(0);
        assertEquals(2, row.path("workers").asInt());
        List<Long> walls = longs(row.path("wallMillis"));
        JsonNode run = report.path("runs").get(0);
        assertEquals(walls.get(0), run.path("wallMillis").asLong());
        double expected = Math.round((double) walls.get(0) / single.get(0) * 1000) / 1000.0;
        assertEquals(expected, row.path("ratio").asDouble(), 1e-9);
        assertEquals(expected, row.path("pairRatios").get(0).asDouble(), 1e-9);
        assertEquals(Math.round(row.path("serialMillis").asDouble() / single.get(0) * 1000) / 1000.0,
                row.path("serialFraction").asDouble(), 1e-9);
        double work = row.path("workMillis").asDouble();
        double serial = row.path("serialMillis").asDouble();
        double at10 = Math.round(single.get(0) / (serial + work / 10) * 1000) / 1000.0;
        assertEquals(at10, row.path("amdahl").path("10").asDouble(), 1e-9);
        assertTrue(markdown.contains(String.format(java.util.Locale.ROOT, "**%.3f**", expected)), markdown);
    }

    @Test
    void phasesFromTheJobLogAddUpToTheWallTime() {
        JsonNode run = report.path("runs").get(0);
        JsonNode phases = run.path("phases");
        long sum = 0;
        for (String phase : List.of("startup", "probe", "plan", "queueWait", "encode", "stitch", "verify", "shutdown")) {
            long millis = phases.path(phase).asLong(-1);
            assertTrue(millis >= 0, phase + " missing or negative: " + phases);
            sum += millis;
        }
        assertEquals(run.path("wallMillis").asLong(), sum, "phases: " + phases);
        assertTrue(run.path("resultMillis").asLong() <= run.path("wallMillis").asLong());
    }

    @Test
    void cpuTimesCoverEveryProcessOfARunAndAgreeWithTheWallTimes() {
        JsonNode run = report.path("runs").get(0);
        long cpu = run.path("cpuMillis").asLong();
        // the local JVM alone takes more than this; every encode and probe comes on top
        assertTrue(cpu >= 300, "a run's CPU time: " + run);
        assertTrue(cpu <= run.path("wallMillis").asLong() * Runtime.getRuntime().availableProcessors(), "no more than the cores allow: " + run);
        long singleCpu = report.path("singleCpuMillis").get(0).asLong();
        assertTrue(singleCpu > 0, report.toString());
        assertEquals(singleCpu, report.path("singleMedianCpuMillis").asDouble(), 1e-9);
        assertEquals(cpu, report.path("rows").get(0).path("medianCpuMillis").asDouble(), 1e-9);
        assertTrue(markdown.contains(String.format(java.util.Locale.ROOT, "%.1f s | %.2f |", cpu / 1000.0,
                (double) cpu / run.path("wallMillis").asLong())), markdown);
    }

    @Test
    void everyTaskIsOnTheTimelineWithItsWorker() {
        JsonNode run = report.path("runs").get(0);
        Set<String> tasks = new HashSet<>();
        long work = 0;
        for (JsonNode span : run.path("tasks")) {
            tasks.add(span.path("task").asText());
            assertFalse(span.path("worker").asText().isEmpty());
            assertTrue(span.path("doneAt").asLong() >= span.path("claimedAt").asLong());
            work += span.path("doneAt").asLong() - span.path("claimedAt").asLong();
        }
        assertTrue(tasks.contains("audio") && tasks.contains("v00000"), "tasks: " + tasks);
        assertEquals(work, run.path("workMillis").asLong());
    }

    @Test
    void theEndSpreadComesFromTheWorkersLastTasksAndIsReported() {
        JsonNode run = report.path("runs").get(0);
        java.util.Map<String, Long> lastDone = new java.util.HashMap<>();
        run.path("tasks").forEach(span -> lastDone.merge(span.path("worker").asText(), span.path("doneAt").asLong(), Math::max));
        long expected = lastDone.size() < 2 ? 0 : java.util.Collections.max(lastDone.values()) - java.util.Collections.min(lastDone.values());
        assertEquals(expected, run.path("endSpreadMillis").asLong(), "tasks: " + run.path("tasks"));
        assertTrue(expected <= run.path("phases").path("encode").asLong(), "within the encode phase");
        JsonNode row = report.path("rows").get(0);
        assertEquals(expected, row.path("endSpreadMillis").get(0).asLong());
        assertTrue(markdown.contains(String.format(java.util.Locale.ROOT, "| %.2f |%n", expected / 1000.0)), markdown);
    }

    @Test
    void chartsAreValidPngFiles() throws Exception {
        List<String> charts = new ArrayList<>();
        report.path("charts").forEach(c -> charts.add(c.asText()));
        assertEquals(List.of("gantt.png", "speedup.png"), charts);
        for (String chart : charts) {
            byte[] bytes = Files.readAllBytes(out.resolve(chart));
            assertEquals((byte) 0x89, bytes[0]);
            assertEquals("PNG", new String(bytes, 1, 3, java.nio.charset.StandardCharsets.US_ASCII));
            BufferedImage image = ImageIO.read(out.resolve(chart).toFile());
            assertNotNull(image, chart);
            assertTrue(image.getWidth() > 100 && image.getHeight() > 100);
            assertTrue(markdown.contains("![" + chart + "](" + chart + ")"));
        }
    }

    @Test
    void reportNamesTheMachine() {
        JsonNode machine = report.path("machine");
        assertEquals(Runtime.getRuntime().availableProcessors(), machine.path("cores").asInt());
        assertFalse(machine.path("cpuModel").asText().isBlank());
        assertTrue(machine.path("memoryBytes").asLong() > 0);
        assertTrue(markdown.contains("Machine: " + machine.path("cores").asInt() + " cores"), markdown);
    }

    private static List<Long> longs(JsonNode array) {
        List<Long> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asLong()));
        return values;
    }
}
