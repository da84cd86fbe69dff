package io.vidfleet.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.vidfleet.common.ProcessIds;
import io.vidfleet.common.error.BadInputException;
import io.vidfleet.common.json.Json;
import io.vidfleet.common.redis.RedisKeys;
import io.vidfleet.common.store.JobStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import redis.clients.jedis.UnifiedJedis;

/**
 * Hundreds of simulated workers against one Redis: each claims through the real path on a connection of
 * its own, sleeps for a chunk time drawn from the measured distribution (scaled down so a run takes
 * seconds), completes. What is left over the ideal (the same sleeps under free dispatch) is dispatch
 * cost; with the transcode bench's serial part it gives the speedup over one ffmpeg that this many
 * workers could reach.
 *
 * <p>Two things it cannot model: the workers all run on this machine's cores, beside Redis (their CPU
 * is measured and reported), and sleeping x timeScale makes each claim 1 / timeScale times as often as a
 * real worker would, so N simulated workers put the claim load of N / timeScale real ones on Redis.
 */
final class ScaleSimulation {
    private final String url;
    private final UnifiedJedis redis;
    private final Distribution chunks;
    private final double timeScale;
    private final PrintWriter progress;

    ScaleSimulation(String url, UnifiedJedis redis, Distribution chunks, double timeScale, PrintWriter progress) {
        this.url = url;
        this.redis = redis;
        this.chunks = chunks;
        this.timeScale = timeScale;
        this.progress = progress;
    }

    ScaleRow run(int workers, int tasks) {
        String prefix = "vfbench-" + ProcessIds.newJobId();
        JobStore store = new JobStore(redis, new RedisKeys(prefix));
        try {
            NoopJob.create(store, tasks, Duration.ofMinutes(5));
            List<Long> slept = Collections.synchronizedList(new ArrayList<>());
            Usage start = Usage.now(redis);
            try (SimulatedWorkers fleet = new SimulatedWorkers(url, store.keys(), workers)) {
                Usage before = Usage.now(redis);
                ClaimLoop.Result result = ClaimLoop.run(fleet::client, "sim", workers, () -> {
                    long millis = Math.max(1, Math.round(chunks.sample() * timeScale));
                    slept.add(millis); // in the order the tasks were claimed
                    return millis;
                });
                Usage used = Usage.now(redis).since(before);
                return row(workers, tasks, result, List.copyOf(slept), before.since(start).connectionsAccepted(), used);
            }
        } finally {
            NoopJob.deleteAll(redis, prefix);
        }
    }

    private ScaleRow row(int workers, int tasks, ClaimLoop.Result result, List<Long> slept, long connected, Usage used) {
        long ideal = FreeDispatch.makespan(slept, workers);
        long evenSplit = FreeDispatch.evenSplit(slept, workers);
        long wall = Math.max(1, result.lastDoneMillis() - result.firstClaimMillis());
        double efficiency = Math.min(1.0, (double) ideal / wall);
        double dispatch = (double) (wall - ideal) * workers / Math.max(1, tasks);
        double projected = chunks.projectedSpeedup(workers, efficiency);
        // sleeping x timeScale, each simulated worker claims 1 / timeScale times as often as a real one
        int modelled = (int) Math.round(workers / timeScale);
        double scripts = (double) used.scriptCalls() / Math.max(1, tasks);
        progress.printf(Locale.ROOT, "scale simulation, %d workers (claim rate of %d real ones), %d tasks: %.2f s (ideal %.2f s, "
                        + "even split %.2f s), efficiency %.3f; %.1f script calls per task; CPU over the run: Redis %.1f s, "
                        + "simulated workers %.1f s%n", workers, modelled, tasks, wall / 1000.0, ideal / 1000.0, evenSplit / 1000.0,
                efficiency, scripts, used.redisCpuMillis() / 1000.0, used.benchCpuMillis() / 1000.0);
        progress.flush();
        return new ScaleRow(workers, tasks, timeScale, modelled, wall, ideal, evenSplit, Stats.round3(efficiency),
                Stats.round3(Math.max(0, dispatch)), Stats.round3(scripts), used.redisCpuMillis(), used.benchCpuMillis(),
                connected, used.connectionsAccepted(), Double.isNaN(projected) ? projected : Stats.round3(projected));
    }

    /**
     * Chunk times (ms) measured by {@code vidfleet bench} (its report.json: every video task of this
     * build's runs, and the single ffmpeg's time and the serial part for the projection), or assumed.
     */
    record Distribution(List<Long> millis, String source, double singleMillis, double serialMillis, int runs) {
        static Distribution from(Path report) {
            if (report == null) {
                return assumed();
            }
            try {
                JsonNode root = Json.tree(Files.readString(report));
                List<Long> times = new ArrayList<>();
                int runs = 0;
                int most = 0;
                for (JsonNode run : root.path("runs")) {
                    most = Math.max(most, run.path("workers").asInt());
                }
                for (JsonNode run : root.path("runs")) {
                    if ("this build".equals(run.path("build").asText()) && run.path("workers").asInt() == most) {
                        runs++;
                        run.path("tasks").forEach(t -> {
                            if (!t.path("audio").asBoolean()) {
                                times.add(t.path("doneAt").asLong() - t.path("claimedAt").asLong());
                            }
                        });
                    }
                }
                if (times.isEmpty()) {
                    throw new BadInputException(report + " has no measured chunk times");
                }
                double serial = Double.NaN;
                for (JsonNode row : root.path("rows")) {
                    if ("this build".equals(row.path("build").asText()) && row.path("workers").asInt() == most) {
                        serial = row.path("serialMillis").asDouble();
                    }
                }
                return new Distribution(times, "measured: " + times.size() + " chunk times from " + report,
                        root.path("singleMedianMillis").asDouble(Double.NaN), serial, runs);
            } catch (IOException e) {
                throw new BadInputException("cannot read " + report + ": " + e.getMessage());
            }
        }

        /** Without a report: chunk times spread between 2 and 6 s (what 10 s chunks of 1080p to 720p take on one core). */
        static Distribution assumed() {
            List<Long> times = new ArrayList<>();
            for (int i = 0; i <= 40; i++) {
                times.add(2000L + i * 100);
            }
            return new Distribution(times, "assumed: 2-6 s uniform (pass --chunk-report for measured times)", Double.NaN, Double.NaN, 1);
        }

        long sample() {
            return millis.get(ThreadLocalRandom.current().nextInt(millis.size()));
        }

        /**
         * One ffmpeg's time over (serial part + the benchmarked video's chunk work shared by
         * {@code workers} at the measured dispatch efficiency); NaN without a measured report.
         */
        double projectedSpeedup(int workers, double efficiency) {
            if (Double.isNaN(singleMillis) || Double.isNaN(serialMillis)) {
                return Double.NaN;
            }
            double work = millis.stream().mapToLong(Long::longValue).sum() / (double) Math.max(1, runs);
            return singleMillis / (serialMillis + work / workers / Math.max(1e-9, efficiency));
        }

        String describe() {
            return source;
        }
    }
}
