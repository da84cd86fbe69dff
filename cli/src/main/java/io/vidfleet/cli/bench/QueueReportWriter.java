package io.vidfleet.cli.bench;

import io.vidfleet.common.json.Json;
import io.vidfleet.common.queue.TaskQueue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Writes the queue bench's {@code report.json} and {@code report.md}. */
final class QueueReportWriter {
    private final Path out;

    QueueReportWriter(Path out) {
        this.out = out;
    }

    void write(QueueReport report) {
        try {
            Files.writeString(out.resolve("report.json"), Json.writePretty(report));
            Files.writeString(out.resolve("report.md"), markdown(report));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String markdown(QueueReport r) {
        StringBuilder md = new StringBuilder("# vidfleet bench queue\n\n");
        md.append("Machine: ").append(r.machine().describe()).append("  \n").append(r.redisVersion())
                .append("; peer: ").append(r.bullmq()).append("; started ").append(r.startedAt()).append("\n\n");
        md.append("| system | JVMs | concurrency | tasks | tasks/s (median; rounds) | ratio to BullMQ (rounds) | p50 claim+complete | p99 | Redis commands per task | script calls per task | Redis CPU per task | client CPU per task |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (QueueRow row : r.rows()) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %.0f%s | %s | %s | %s | %.1f | %.2f | %.0f µs | %s |%n", row.system(),
                    row.isBullmq() ? "(node)" : Integer.toString(row.jvms()), row.concurrency(), row.tasks(),
                    row.tasksPerSecond(), rounds(row.roundTasksPerSecond(), "%.0f"), ratio(row),
                    row.p50Micros() > 0 ? String.format(Locale.ROOT, "%.0f µs", row.p50Micros()) : "",
                    row.p99Micros() > 0 ? String.format(Locale.ROOT, "%.0f µs", row.p99Micros()) : "",
                    row.commandsPerTask(), row.scriptCallsPerTask(), row.redisCpuMicrosPerTask(),
                    row.clientCpuMicrosPerTask() > 0 ? String.format(Locale.ROOT, "%.0f µs", row.clientCpuMicrosPerTask()) : ""));
        }
        if (!r.scale().isEmpty()) {
            scale(md, r);
        }
        md.append("\n## Charts\n\n");
        r.charts().forEach(c -> md.append("![").append(c).append("](").append(c).append(")\n\n"));
        md.append("## Notes\n\n");
        r.notes().forEach(n -> md.append("- ").append(n).append('\n'));
        return md.toString();
    }

    /** The ratio of the medians, each round's own beside it. */
    private static String ratio(QueueRow row) {
        return row.ratioToBullmq() > 0
                ? String.format(Locale.ROOT, "**%.2f**", row.ratioToBullmq()) + rounds(row.roundRatios(), "%.2f") : "";
    }

    /** A row's rounds in the order they ran, when there was more than one. */
    private static String rounds(List<Double> values, String format) {
        if (values.size() < 2) {
            return "";
        }
        return values.stream().map(v -> String.format(Locale.ROOT, format, v)).collect(Collectors.joining(", ", " (", ")"));
    }

    private static void scale(StringBuilder md, QueueReport r) {
        double timeScale = r.scale().get(0).timeScale();
        long duringRuns = r.scale().stream().mapToLong(ScaleRow::connectionsDuringRun).sum();
        md.append("\n## Scale simulation (one Redis)\n\nChunk times: ").append(r.chunkTimes()).append(", slept at x")
                .append(timeScale).append(". Each simulated worker claimed on a connection of its own, opened before the clock ")
                .append(String.format(Locale.ROOT, "(Redis accepted %d while the simulations ran).%n%n", duringRuns));
        md.append("| simulated workers | claim rate of (real workers) | tasks | wall (s) | ideal (s) | even split (s) | efficiency "
                + "| dispatch ms per task | script calls per task | Redis CPU (% of wall) | workers' CPU (cores) "
                + "| projected speedup over one ffmpeg |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (ScaleRow row : r.scale()) {
            md.append(String.format(Locale.ROOT, "| %d | %d | %d | %.2f | %.2f | %.2f | %.3f | %.2f | %.1f | %.0f %% | %.2f | %s |%n",
                    row.workers(), row.modelledWorkers(), row.tasks(), row.wallMillis() / 1000.0, row.idealMillis() / 1000.0,
                    row.evenSplitMillis() / 1000.0, row.efficiency(), row.dispatchMillisPerTask(), row.scriptCallsPerTask(),
                    100.0 * row.redisCpuMillis() / row.wallMillis(), (double) row.benchCpuMillis() / row.wallMillis(),
                    Double.isNaN(row.projectedSpeedup()) ? "(needs --chunk-report)" : String.format(Locale.ROOT, "%.2fx", row.projectedSpeedup())));
        }
        md.append("\nWhat the rows model, and what limits the curve:\n\n");
        md.append("- **ideal** is what the same sleeps take with free dispatch, each task to the first free worker in the order they "
                + "were claimed; **even split** (total sleep / workers) is lower by the tail the last tasks leave when each worker has "
                + "only a few, which is the chunking's cost, not the queue's. Efficiency is ideal / wall.\n");
        md.append(String.format(Locale.ROOT, "- **Claim rate**: sleeping at x%s, each simulated worker claims %.0f times as often as "
                + "a real one, so N simulated workers put the claim load of N / %s real workers on Redis, and their dispatch cost "
                + "weighs against chunks %.0f times shorter. Both make efficiency and the projection pessimistic for N real workers; "
                + "`--time-scale 1` models N real workers' claim rate, at the cost of runs as long as the real chunks.%n",
                timeScale, 1 / timeScale, timeScale, 1 / timeScale));
        md.append(String.format(Locale.ROOT, "- **Script calls per task** are 1 when each completion also made its slot's next "
                + "claim (complete_claim.lua: the job heads the index that claim tries first), 2 when the claim was a call of its "
                + "own. More means claims retried: a claim offers the tasks it expects at the head of the job's ready set, one "
                + "for each claim its process has under way and %d more, and misses when others took them all meanwhile; a "
                + "claimer that missed offers as many at random from the head (%d tasks) the script named, and one that "
                + "misses again, from a head twice as wide each time (up to %d), so racing claimers spread over it (offering "
                + "everyone the same 8 cost about K\u00b2 / 16 tries for K claimers: 105 script calls per task at 1,000; a "
                + "head of 64 that never widened, about 8). Separate worker processes pay this the same way: it is the queue's own "
                + "cost, largest when workers claim at the same instant. Here every simulated worker starts at once, the worst "
                + "case; a job landing on an idle fleet wakes up to 256 at once through its signals.%n",
                TaskQueue.CLAIM_CANDIDATE_MARGIN, TaskQueue.CLAIM_HEAD, TaskQueue.CLAIM_HEAD_MOST));
        md.append("- **Redis CPU** near 100 % of the wall means the one Redis (one core) was the limit: retried claims are "
                + "where its time goes.\n");
        md.append("- **Workers' CPU** is the simulated workers' own client work, done here on the same cores as Redis, which "
                + "separate workers would do on their own machines: when it and Redis's CPU together fill this machine's cores, "
                + "the wall time is partly this machine's, not the queue's.\n");
    }
}
