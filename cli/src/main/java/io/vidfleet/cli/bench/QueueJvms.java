package io.vidfleet.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.vidfleet.common.ProcessIds;
import io.vidfleet.common.error.VidfleetException;
import io.vidfleet.common.json.Json;
import io.vidfleet.common.redis.RedisKeys;
import io.vidfleet.common.store.JobStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.UnifiedJedis;

/**
 * The queue bench across several JVMs: each child ({@code vidfleet bench queue-worker}) says it is
 * ready, blocks until the parent says go (so JVM start-up is not counted), claims and completes until
 * nothing is left and prints what it did as one JSON line.
 */
public final class QueueJvms {
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    private final String url;
    private final Path out;

    QueueJvms(String url, Path out) {
        this.url = url;
        this.out = out;
    }

    QueueRow run(UnifiedJedis redis, int jvms, int totalThreads, int tasks, int warmUpTasks, PrintWriter progress) {
        String prefix = "vfbench-" + ProcessIds.newJobId();
        JobStore store = new JobStore(redis, new RedisKeys(prefix));
        List<Process> children = new ArrayList<>();
        try {
            NoopJob.create(store, tasks, Duration.ofMinutes(5));
            int each = Math.max(1, totalThreads / jvms);
            for (int i = 0; i < jvms; i++) {
                List<String> command = new ArrayList<>(FleetLauncher.thisBuild(null)); // its start is not timed
                command.addAll(List.of("bench", "queue-worker", "--redis", url, "--prefix", prefix, "--threads", Integer.toString(each),
                        "--warm-up", Integer.toString(warmUpTasks)));
                children.add(new ProcessBuilder(command).redirectError(out.resolve("queue-worker-" + (i + 1) + ".log").toFile()).start());
            }
            List<BufferedReader> readers = new ArrayList<>();
            for (Process child : children) {
                BufferedReader reader = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
                String line = reader.readLine();
                if (!"ready".equals(line)) {
                    throw new VidfleetException("a queue-worker JVM did not start (see " + out.resolve("queue-worker-*.log") + ")");
                }
                readers.add(reader);
            }
            BenchRedis.Counters before = BenchRedis.Counters.read(redis);
            String[] go = new String[jvms];
            java.util.Arrays.fill(go, "go");
            redis.lpush(goKey(prefix), go);
            List<Long> latencies = new ArrayList<>();
            long first = Long.MAX_VALUE;
            long last = 0;
            int done = 0;
            int warmedUp = Integer.MAX_VALUE;
            for (BufferedReader reader : readers) {
                JsonNode result = Json.tree(reader.readLine());
                done += result.path("tasks").asInt();
                warmedUp = Math.min(warmedUp, result.path("warmUpTasks").asInt()); // the least any child did
                if (result.path("tasks").asInt() > 0) {
                    first = Math.min(first, result.path("first").asLong());
                    last = Math.max(last, result.path("last").asLong());
                }
                result.path("latencies").forEach(l -> latencies.add(l.asLong()));
            }
            for (Process child : children) {
                child.waitFor(30, TimeUnit.SECONDS);
            }
            BenchRedis.Counters after = BenchRedis.Counters.read(redis);
            long commandsForGo = jvms; // each child's BLPOP on the go key
            before.calls().merge("blpop", commandsForGo, Long::sum);
            QueueRow row = QueueBench.row("vidfleet", jvms, each * jvms,
                    new ClaimLoop.Result(done, first == Long.MAX_VALUE ? 0 : first, last, latencies, -1), before, after, warmedUp);
            progress.printf(Locale.ROOT, "vidfleet, %d JVMs x %d: %.0f tasks/s, p50 %.0f µs, p99 %.0f µs%n", jvms, each,
                    row.tasksPerSecond(), row.p50Micros(), row.p99Micros());
            progress.flush();
            return row;
        } catch (IOException e) {
            throw new VidfleetException("queue-worker JVMs failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VidfleetException("interrupted");
        } finally {
            children.forEach(Process::destroyForcibly);
            NoopJob.deleteAll(redis, prefix);
        }
    }

    static String goKey(String prefix) {
        return prefix + ":bench:go";
    }

    /** The child's side: ready, wait for go, claim and complete until nothing is left, report. */
    public static void child(String url, String prefix, int threads, int warmUpTasks, PrintWriter out) {
        try (UnifiedJedis redis = BenchRedis.open(url, threads)) {
            // a job of its own first, so that the claim path runs compiled, as in a worker that has run a while
            int warmedUp = QueueBench.warmUp(redis, prefix + "-w" + ProcessHandle.current().pid(), warmUpTasks, threads);
            JobStore store = new JobStore(redis, new RedisKeys(prefix));
            out.println("ready");
            out.flush();
            if (redis.blpop((int) START_TIMEOUT.toSeconds(), goKey(prefix)) == null) {
                throw new VidfleetException("no go signal within " + START_TIMEOUT.toSeconds() + " s");
            }
            ClaimLoop.Result result = ClaimLoop.run(store, ProcessIds.forProcess("bench"), threads, () -> 0);
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("warmUpTasks", warmedUp);
            json.put("tasks", result.tasks());
            json.put("first", result.firstClaimMillis());
            json.put("last", result.lastDoneMillis());
            json.put("latencies", result.latencyMicros());
            out.println(Json.write(json));
            out.flush();
        }
    }
}
