package io.vidfleet.cli.bench;

import io.vidfleet.common.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Writes {@code report.json} (everything) and {@code report.md} (the tables a reader wants). */
final class TranscodeReportWriter {
    private final Path out;

    TranscodeReportWriter(Path out) {
        this.out = out;
    }

    void write(TranscodeReport report) {
        try {
            Files.writeString(out.resolve("report.json"), Json.writePretty(report));
            Files.writeString(out.resolve("report.md"), markdown(report));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String markdown(TranscodeReport r) {
        StringBuilder md = new StringBuilder();
        md.append("# vidfleet bench: ").append(r.settings().get("profile")).append("\n\n");
        md.append("Machine: ").append(r.machine().describe()).append("  \n");
        md.append("Source: ").append(r.source().get("file")).append(", ").append(r.source().get("frames")).append(" frames, ")
                .append(r.source().get("seconds")).append(" s").append(Boolean.TRUE.equals(r.source().get("audio")) ? ", with audio" : "")
                .append("; ").append(r.settings().get("runs")).append(" run(s) alternating; ")
                .append(r.settings().get("threadsPerWorker")).append(" encoder thread(s) per worker; started ").append(r.startedAt()).append("\n\n");
        md.append("| | wall times (s) | median (s) | ratio to one ffmpeg | per-run ratios | CPU time, median | cores busy | serial part | serial / one ffmpeg | Amdahl ceiling at 10 / 100 / 1000 workers |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|\n");
        md.append(String.format(Locale.ROOT, "| one ffmpeg (default threads) | %s | %.2f | 1.000 | | %s | %s | | | |\n",
                seconds(r.singleMillis()), r.singleMedianMillis() / 1000, cpu(r.singleMedianCpuMillis()),
                cores(r.singleMedianCpuMillis(), r.singleMedianMillis())));
        for (FleetSummary row : r.rows()) {
            md.append(String.format(Locale.ROOT, "| vidfleet local, %d worker(s)%s | %s | %.2f | **%.3f** | %s | %s | %s | %.2f s | %.1f %% | %.2fx / %.2fx / %.2fx |\n",
                    row.workers(), row.build().equals("this build") ? "" : " (" + row.build() + ")", seconds(row.wallMillis()),
                    row.medianWallMillis() / 1000, row.ratio(),
                    row.pairRatios().stream().map(d -> String.format(Locale.ROOT, "%.3f", d)).collect(Collectors.joining(", ")),
                    cpu(row.medianCpuMillis()), cores(row.medianCpuMillis(), row.medianWallMillis()), row.serialMillis() / 1000, row.serialFraction() * 100,
                    row.amdahl().get(10), row.amdahl().get(100), row.amdahl().get(1000)));
        }
        md.append("\n## Where vidfleet's time went (medians, s, from each job's log stream)\n\n| run |");
        Map<String, Double> first = r.rows().get(0).medianPhases();
        first.keySet().forEach(p -> md.append(' ').append(p).append(" |"));
        md.append(" result printed | exit | idle at the end, each run |\n|---|").append("---|".repeat(first.size() + 3)).append('\n');
        for (FleetSummary row : r.rows()) {
            md.append("| ").append(row.workers()).append(" worker(s)").append(row.build().equals("this build") ? "" : " (" + row.build() + ")").append(" |");
            row.medianPhases().values().forEach(v -> md.append(v < 0 ? " - |" : String.format(Locale.ROOT, " %.2f |", v / 1000)));
            md.append(String.format(Locale.ROOT, " %.2f | %.2f | %s |%n", row.medianResultMillis() / 1000, row.medianWallMillis() / 1000,
                    seconds(row.endSpreadMillis())));
        }
        if (!r.quality().isEmpty()) {
            md.append("\n## Correctness and quality (first run's outputs)\n\n");
            md.append("| workers | frames source / single / vidfleet | PSNR-Y single vs source | PSNR-Y vidfleet vs source | PSNR-Y loss | SSIM single / vidfleet vs source | vidfleet vs single PSNR-Y / SSIM | worst frame PSNR-Y single / vidfleet vs source | output MB single / vidfleet | audio s source / single / vidfleet |\n");
            md.append("|---|---|---|---|---|---|---|---|---|---|\n");
            for (Quality q : r.quality()) {
                md.append(String.format(Locale.ROOT, "| %d | %d / %d / %d%s | %.3f dB | %.3f dB | %.3f dB | %.5f / %.5f | %.2f dB / %.5f "
                                + "| %.2f dB (frame %d) / %.2f dB (frame %d) | %.2f / %.2f | %.3f / %.3f / %.3f |%n",
                        q.workers(), q.sourceFrames(), q.singleFrames(), q.fleetFrames(), q.framesExact() ? " (exact)" : " (MISMATCH)",
                        q.singlePsnrY(), q.fleetPsnrY(), q.psnrYLoss(), q.singleSsim(), q.fleetSsim(), q.fleetVsSinglePsnrY(),
                        q.fleetVsSingleSsim(), q.singleWorstFrame().psnrY(), q.singleWorstFrame().frame(),
                        q.fleetWorstFrame().psnrY(), q.fleetWorstFrame().frame(), q.singleBytes() / 1e6, q.fleetBytes() / 1e6,
                        q.sourceAudioSeconds(), q.singleAudioSeconds(), q.fleetAudioSeconds()));
            }
        }
        md.append("\n## Charts\n\n");
        r.charts().forEach(c -> md.append("![").append(c).append("](").append(c).append(")\n\n"));
        md.append("## Notes\n\n");
        r.notes().forEach(n -> md.append("- ").append(n).append('\n'));
        md.append("- Serial part: everything that is not parallel encoding (start-up, probe, plan, queue wait, stitch, verify, "
                + "shut-down). Amdahl ceiling: one ffmpeg's time / (serial part + summed task time / N).\n");
        md.append("- Idle at the end: in each run, how long before the last worker the first one finished its last task "
                + "(and idled while the other encoded): the plan's imbalance plus how the cores were shared.\n");
        md.append("- CPU time: user and system time of the run's processes (the `local` JVM and every FFmpeg it started; the "
                + "bench's Redis not included). Cores busy: CPU time over wall time. When one ffmpeg already keeps every core "
                + "busy, splitting the work can only add vidfleet's own CPU time (and that of encoders sharing cores), not "
                + "take any away.\n");
        return md.toString();
    }

    private static String cpu(double millis) {
        return millis < 0 ? "-" : String.format(Locale.ROOT, "%.1f s", millis / 1000);
    }

    /** CPU time over wall time: how many cores the run kept busy on average. */
    private static String cores(double cpuMillis, double wallMillis) {
        return cpuMillis < 0 || wallMillis <= 0 ? "-" : String.format(Locale.ROOT, "%.2f", cpuMillis / wallMillis);
    }

    private static String seconds(java.util.List<Long> millis) {
        return millis.stream().map(m -> String.format(Locale.ROOT, "%.2f", m / 1000.0)).collect(Collectors.joining(", "));
    }
}
