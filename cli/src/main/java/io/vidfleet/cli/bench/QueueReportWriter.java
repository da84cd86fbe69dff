package io.vidfleet.cli.bench;

import io.vidfleet.common.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

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
        md.append("| system | JVMs | concurrency | tasks | tasks/s | ratio to BullMQ | p50 claim+complete | p99 | Redis commands per task | script calls per task |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (QueueRow row : r.rows()) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %.0f | %s | %s | %s | %.1f | %.2f |%n", row.system(),
                    row.system().startsWith("BullMQ") ? "(node)" : Integer.toString(row.jvms()), row.concurrency(), row.tasks(),
                    row.tasksPerSecond(), row.ratioToBullmq() > 0 ? String.format(Locale.ROOT, "**%.2f**", row.ratioToBullmq()) : "",
                    row.p50Micros() > 0 ? String.format(Locale.ROOT, "%.0f µs", row.p50Micros()) : "",
                    row.p99Micros() > 0 ? String.format(Locale.ROOT, "%.0f µs", row.p99Micros()) : "",
                    row.commandsPerTask(), row.scriptCallsPerTask()));
        }
        if (!r.scale().isEmpty()) {
            md.append("\n## Scale simulation (one Redis)\n\nChunk times: ").append(r.chunkTimes()).append(", slept at x")
                    .append(r.scale().get(0).timeScale()).append(".\n\n");
            md.append("| simulated workers | tasks | wall (s) | ideal (s) | efficiency | dispatch ms per task | projected speedup over one ffmpeg |\n");
            md.append("|---|---|---|---|---|---|---|\n");
            for (ScaleRow row : r.scale()) {
                md.append(String.format(Locale.ROOT, "| %d | %d | %.2f | %.2f | %.3f | %.2f | %s |%n", row.workers(), row.tasks(),
                        row.wallMillis() / 1000.0, row.idealMillis() / 1000.0, row.efficiency(), row.dispatchMillisPerTask(),
                        Double.isNaN(row.projectedSpeedup()) ? "(needs --chunk-report)" : String.format(Locale.ROOT, "%.2fx", row.projectedSpeedup())));
            }
        }
        md.append("\n## Charts\n\n");
        r.charts().forEach(c -> md.append("![").append(c).append("](").append(c).append(")\n\n"));
        md.append("## Notes\n\n");
        r.notes().forEach(n -> md.append("- ").append(n).append('\n'));
        return md.toString();
    }
}
