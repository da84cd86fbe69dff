package io.vidfleet.cli.bench;

import io.vidfleet.common.ProcessIds;
import io.vidfleet.common.redis.LocalRedisServer;
import io.vidfleet.common.redis.LuaScript;
import io.vidfleet.common.redis.RedisKeys;
import io.vidfleet.common.store.JobStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.UnifiedJedis;

/**
 * {@code vidfleet bench queue}: what the queue itself costs. No-op tasks are claimed and completed
 * through the real path at several concurrencies, in one JVM and across several; BullMQ runs the same
 * workload against the same Redis as the peer row; a scale simulation puts hundreds of sleeping workers
 * on one Redis. Every row works under a key prefix of its own, deleted afterwards.
 */
public final class QueueBench {
    private static final Duration LEASE = Duration.ofMinutes(5);

    private final QueueBenchSettings settings;
    private final PrintWriter progress;

    public QueueBench(QueueBenchSettings settings, PrintWriter progress) {
        this.settings = settings;
        this.progress = progress;
    }

    public QueueReport run() {
        String startedAt = Instant.now().toString();
        MachineInfo machine = MachineInfo.detect();
        say("machine: %s", machine.describe());
        try (LocalRedisServer privateRedis = settings.redisUrl() == null ? LocalRedisServer.started(false) : null) {
            String url = settings.redisUrl() != null ? settings.redisUrl() : privateRedis.url();
            int most = settings.concurrency().stream().mapToInt(Integer::intValue).max().orElse(1);
            try (UnifiedJedis redis = BenchRedis.open(url, most)) { // the simulated workers connect on their own
                String version = redisVersion(redis);
                BullmqPeer bullmq = new BullmqPeer(settings.bullmqDir());
                Optional<String> skipped = settings.skipBullmq() ? Optional.of("BullMQ rows skipped (--no-bullmq)") : bullmq.prepare();
                skipped.ifPresent(note -> say("%s", note));
                List<QueueRow> rows = new ArrayList<>();
                int warmedUp = warmUp(redis, most);
                for (int c : settings.concurrency()) {
                    List<QueueRow> mine = new ArrayList<>();
                    List<QueueRow> theirs = new ArrayList<>();
                    for (int round = 1; round <= settings.rounds(); round++) { // side by side: a change in load hits both
                        mine.add(inProcess(redis, c, warmedUp, round));
                        if (skipped.isEmpty()) {
                            theirs.add(bullmqRow(url, bullmq, c, round));
                        }
                    }
                    rows.add(QueueRounds.median(mine));
                    if (!theirs.isEmpty()) {
                        rows.add(QueueRounds.median(theirs));
                    }
                }
                for (int j : settings.jvms()) {
                    rows.add(new QueueJvms(url, settings.out()).run(redis, j, settings.jvmConcurrency(), settings.tasks(),
                            settings.warmUpTasks(), progress));
                }
                rows = QueueRounds.withRatios(rows);
                ScaleSimulation.Distribution chunks = ScaleSimulation.Distribution.from(settings.chunkReport());
                List<ScaleRow> scale = new ArrayList<>();
                for (int w : settings.simulatedWorkers()) {
                    scale.add(new ScaleSimulation(url, redis, chunks, settings.timeScale(), progress).run(w, w * settings.tasksPerSimulatedWorker()));
                }
                QueueReport report = new QueueReport(startedAt, machine, version, rows,
                        skipped.orElse("BullMQ " + BullmqPeer.VERSION + " (npm), same Redis, same run"), scale, chunks.describe(),
                        new ArrayList<>(), notes(machine));
                report.charts().add(new BenchCharts(settings.out()).save(BenchCharts.queue(report), "queue"));
                if (!scale.isEmpty()) {
                    report.charts().add(new BenchCharts(settings.out()).save(BenchCharts.scale(report), "scale"));
                }
                new QueueReportWriter(settings.out()).write(report);
                return report;
            }
        }
    }

    /**
     * This JVM's warm-up before its rows: {@code warmUpTasks} no-op tasks at the highest concurrency, under a prefix
     * of their own. Returns how many it did.
     */
    private int warmUp(UnifiedJedis redis, int concurrency) {
        return warmUp(redis, "vfbench-" + ProcessIds.newJobId(), settings.warmUpTasks(), concurrency);
    }

    /** Claims and completes {@code tasks} no-op tasks under {@code prefix}, then deletes them; returns how many were done. */
    static int warmUp(UnifiedJedis redis, String prefix, int tasks, int concurrency) {
        if (tasks == 0) {
            return 0;
        }
        JobStore store = new JobStore(redis, new RedisKeys(prefix));
        try {
            NoopJob.create(store, tasks, LEASE);
            return ClaimLoop.run(store, ProcessIds.forProcess("bench"), concurrency, () -> 0).tasks();
        } finally {
            NoopJob.deleteAll(redis, prefix);
        }
    }

    private QueueRow inProcess(UnifiedJedis redis, int concurrency, int warmedUp, int round) {
        String prefix = "vfbench-" + ProcessIds.newJobId();
        JobStore store = new JobStore(redis, new RedisKeys(prefix));
        try {
            NoopJob.create(store, settings.tasks(), LEASE);
            BenchRedis.Counters before = BenchRedis.Counters.read(redis);
            ClaimLoop.Result result = ClaimLoop.run(store, "bench", concurrency, () -> 0);
            BenchRedis.Counters after = BenchRedis.Counters.read(redis);
            QueueRow row = row("vidfleet", 1, concurrency, result, before, after, warmedUp);
            say("%svidfleet, 1 JVM x %d: %.0f tasks/s, p50 %.0f µs, p99 %.0f µs, %.1f Redis commands, %.0f µs of Redis CPU and "
                    + "%.0f µs of this JVM's per task", roundLabel(round), concurrency, row.tasksPerSecond(), row.p50Micros(),
                    row.p99Micros(), row.commandsPerTask(), row.redisCpuMicrosPerTask(), row.clientCpuMicrosPerTask());
            return row;
        } finally {
            NoopJob.deleteAll(redis, prefix);
        }
    }

    static QueueRow row(String system, int jvms, int concurrency, ClaimLoop.Result result, BenchRedis.Counters before,
                        BenchRedis.Counters after, int warmedUp) {
        int tasks = Math.max(1, result.tasks());
        return new QueueRow(system, jvms, concurrency, result.tasks(), Math.round(result.perSecond()),
                Stats.percentile(result.latencyMicros(), 50), Stats.percentile(result.latencyMicros(), 99),
                commandsPerTask(before, after, tasks), scriptCallsPerTask(before, after, tasks),
                Stats.round3((double) (after.cpuMicros() - before.cpuMicros()) / tasks),
                result.processCpuNanos() < 0 ? 0 : Stats.round3(result.processCpuNanos() / 1000.0 / tasks), warmedUp);
    }

    private static double commandsPerTask(BenchRedis.Counters before, BenchRedis.Counters after, int tasks) {
        // the INFO of the first reading's CPU and the one of the second reading's calls
        long commands = BenchRedis.delta(before.calls(), after.calls()) - 2;
        return Stats.round3((double) commands / tasks);
    }

    private static double scriptCallsPerTask(BenchRedis.Counters before, BenchRedis.Counters after, int tasks) {
        return Stats.round3((double) LuaScript.scriptCalls(BenchRedis.deltas(before.calls(), after.calls())) / tasks);
    }

    private QueueRow bullmqRow(String url, BullmqPeer bullmq, int concurrency, int round) {
        try {
            BullmqPeer.Measured measured = bullmq.run(url, settings.tasks(), concurrency, "vfbench-" + ProcessIds.newJobId(),
                    settings.warmUpTasks());
            int tasks = settings.tasks();
            double perSecond = measured.jobsPerSecond();
            // Redis's counts from the first job taken to the last done, as the vidfleet rows' from the first claim to the last
            QueueRow row = new QueueRow("BullMQ " + BullmqPeer.VERSION, 1, concurrency, tasks, Math.round(perSecond), 0, 0,
                    perTask(measured.redisCommands(), tasks), perTask(measured.redisScriptCalls(), tasks),
                    perTask(measured.redisCpuMicros(), tasks), perTask(measured.cpuMicros(), tasks), settings.warmUpTasks());
            say("%sBullMQ %s, concurrency %d: %.0f jobs/s, %.1f Redis commands, %.0f µs of Redis CPU and %.0f µs of Node.js's per job",
                    roundLabel(round), BullmqPeer.VERSION, concurrency, perSecond, row.commandsPerTask(), row.redisCpuMicrosPerTask(),
                    row.clientCpuMicrosPerTask());
            return row;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A measured count per task; 0 when it was not measured. */
    private static double perTask(long measured, int tasks) {
        return measured < 0 ? 0 : Stats.round3((double) measured / tasks);
    }

    private String roundLabel(int round) {
        return settings.rounds() > 1 ? String.format(Locale.ROOT, "round %d of %d: ", round, settings.rounds()) : "";
    }

    private static String redisVersion(UnifiedJedis redis) {
        Object reply = redis.sendCommand(Protocol.Command.INFO, "server");
        String text = reply instanceof byte[] bytes ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8) : String.valueOf(reply);
        return text.lines().filter(l -> l.startsWith("redis_version:")).findFirst().map(l -> "Redis " + l.substring(14).strip()).orElse("Redis");
    }

    private List<String> notes(MachineInfo machine) {
        List<String> notes = new ArrayList<>();
        notes.add("vidfleet rows: tasks claimed through the worker's TaskClaimer (queue index, claim.lua: lease on Redis time, "
                + "fencing token; the process's threads share one connection, pipelined, as a worker's slots do) and completed "
                + "as a worker slot completes them (complete_claim.lua, which also makes the slot's next claim when its job "
                + "comes first), no-op work; throughput over the window from the first claim to the last completion; latency "
                + "of one claim+complete.");
        notes.add("Redis commands per task count the commands run inside the scripts (INFO commandstats before and after); "
                + "script calls per task are the round trips that run a script; Redis CPU per task is the server's CPU time "
                + "(INFO cpu, user and system) over the row, divided by its tasks.");
        notes.add("BullMQ rows: one Node.js Worker with that concurrency and an empty processor; jobs added in bulk before; "
                + "its Redis counts run from the first job taken to the last done (INFO on a connection of its own at each "
                + "end), as the vidfleet rows' run from the first claim to the last completion: neither counts adding the jobs.");
        notes.add("Client CPU per task: the measured process's own CPU time (user and system) over its row, divided by the "
                + "tasks: this JVM's from its claiming threads' start to their end (all its threads), Node.js's from the "
                + "first job taken to the last done (process.cpuUsage); not measured for the several-JVM rows. With Redis's, "
                + "it is what a task costs the machine: where client and Redis share the cores, that sum bounds the rate.");
        notes.add(settings.warmUpTasks() == 0 ? "No warm-up (--warm-up 0): the first rows of each process run partly interpreted."
                : String.format(Locale.ROOT, "Warm-up: every measured process claimed and completed %d no-op tasks of its own "
                + "first (this JVM once before its rows, each several-JVM child, each BullMQ run), so the rows compare compiled "
                + "code, as in workers that have run a while.", settings.warmUpTasks()));
        if (settings.rounds() > 1) {
            notes.add(String.format(Locale.ROOT, "Rounds: each concurrency's one-JVM row and BullMQ row ran %d times, alternating "
                    + "(a change in the machine's load hits both); a row gives the median of each measure, its ratio the median "
                    + "over the median, with each round's throughput and ratio in brackets in the order they ran. The several-JVM "
                    + "rows ran once.", settings.rounds()));
        }
        if (machine.loaded()) {
            notes.add(String.format(Locale.ROOT, "The machine was loaded (load average %.1f on %d cores at the start): "
                    + "compare the rows measured side by side, not absolute numbers.", machine.loadAverageAtStart(), machine.cores()));
        }
        return notes;
    }

    private void say(String format, Object... args) {
        progress.printf(Locale.ROOT, format + "%n", args);
        progress.flush();
    }

    static void createDirectories(java.nio.file.Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
