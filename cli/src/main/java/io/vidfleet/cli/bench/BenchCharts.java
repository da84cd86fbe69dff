package io.vidfleet.cli.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The bench's PNG charts, drawn by XChart. */
final class BenchCharts {
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
            new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf)};
    private static final Color AUDIO = new Color(0x7f7f7f);

    private final Path out;

    BenchCharts(Path out) {
        System.setProperty("java.awt.headless", "true");
        this.out = out;
    }

    /** The Gantt chart of the median run at the largest worker count, and speedup against workers. */
    List<String> transcode(TranscodeReport report) {
        List<String> files = new ArrayList<>();
        int most = report.rows().stream().filter(r -> r.build().equals("this build")).mapToInt(FleetSummary::workers).max().orElse(0);
        List<FleetRun> runs = report.runs().stream().filter(r -> r.workers() == most && r.build().equals("this build"))
                .sorted(Comparator.comparingLong(FleetRun::wallMillis)).toList();
        if (!runs.isEmpty()) {
            files.add(save(gantt(runs.get(runs.size() / 2)), "gantt"));
        }
        files.add(save(speedup(report), "speedup"));
        return files;
    }

    /** One bar per task, one row per worker, seconds from the first claim. */
    static XYChart gantt(FleetRun run) {
        XYChart chart = new XYChartBuilder().width(1000).height(140 + 60 * Math.max(1, run.workers())).title(String.format(
                "Who encoded what when: %d worker(s), run %d (%.1f s wall)", run.workers(), run.run(), run.wallMillis() / 1000.0))
                .xAxisTitle("seconds since the first claim (grey: audio, beside a chunk)").build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setMarkerSize(0);
        List<String> workers = run.tasks().stream().map(TaskSpan::worker).distinct().sorted().toList();
        chart.setYAxisTitle(workers.size() == 1 ? "one worker" : "workers w1 (bottom) to w" + workers.size());
        long origin = run.tasks().stream().mapToLong(TaskSpan::claimedAt).min().orElse(0);
        // audio after video: its thin bar stays visible on top of the chunk encoded beside it
        for (TaskSpan span : run.tasks().stream().sorted(Comparator.comparing(TaskSpan::audio)).toList()) {
            int row = workers.indexOf(span.worker());
            double start = (span.claimedAt() - origin) / 1000.0;
            double end = (span.doneAt() - origin) / 1000.0;
            XYSeries series = chart.addSeries(span.task(), new double[] {start, end}, new double[] {row + 1, row + 1});
            series.setMarker(SeriesMarkers.NONE);
            series.setLineColor(span.audio() ? AUDIO : PALETTE[(Integer.parseInt(span.task().replaceAll("\\D", "0")) % PALETTE.length)]);
            series.setLineStyle(new BasicStroke(span.audio() ? 8f : 22f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER));
        }
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(workers.size() + 1.0);
        chart.getStyler().setYAxisTickMarkSpacingHint(30);
        chart.getStyler().setyAxisTickLabelsFormattingFunction(y -> {
            int index = (int) Math.round(y) - 1;
            return Math.abs(y - Math.round(y)) < 0.01 && index >= 0 && index < workers.size() ? "w" + (index + 1) : "";
        });
        return chart;
    }

    /** Measured speedup over one ffmpeg per worker count, with the Amdahl curve of the measured serial part. */
    static XYChart speedup(TranscodeReport report) {
        XYChart chart = new XYChartBuilder().width(900).height(520).title("Speedup over one ffmpeg against workers")
                .xAxisTitle("workers").yAxisTitle("one ffmpeg time / vidfleet time").build();
        chart.getStyler().setXAxisLogarithmic(true);
        Map<String, List<FleetSummary>> byBuild = new LinkedHashMap<>();
        report.rows().forEach(r -> byBuild.computeIfAbsent(r.build(), b -> new ArrayList<>()).add(r));
        for (Map.Entry<String, List<FleetSummary>> build : byBuild.entrySet()) {
            List<FleetSummary> rows = build.getValue();
            XYSeries measured = chart.addSeries("measured (" + build.getKey() + ")",
                    rows.stream().mapToDouble(FleetSummary::workers).toArray(),
                    rows.stream().mapToDouble(r -> 1 / r.ratio()).toArray());
            measured.setMarker(SeriesMarkers.CIRCLE);
        }
        FleetSummary model = byBuild.getOrDefault("this build", report.rows()).stream()
                .max(Comparator.comparingInt(FleetSummary::workers)).orElseThrow();
        double[] n = IntStream.rangeClosed(0, 30).mapToDouble(i -> Math.pow(10, i / 10.0)).toArray();
        double[] s = java.util.Arrays.stream(n).map(w -> Amdahl.speedup(report.singleMedianMillis(), model.serialMillis(),
                model.workMillis(), (int) Math.round(w))).toArray();
        XYSeries curve = chart.addSeries("Amdahl: measured serial part and work (" + model.workers() + "-worker runs)", n, s);
        curve.setMarker(SeriesMarkers.NONE);
        XYSeries even = chart.addSeries("break-even with one ffmpeg", new double[] {1, 1000}, new double[] {1, 1});
        even.setMarker(SeriesMarkers.NONE);
        even.setLineColor(Color.GRAY);
        return chart;
    }

    /** Throughput against concurrency, one line per system (and per JVM count). */
    static XYChart queue(QueueReport report) {
        XYChart chart = new XYChartBuilder().width(900).height(520).title("No-op tasks through the queue, one Redis")
                .xAxisTitle("concurrency (threads or BullMQ concurrency)").yAxisTitle("tasks per second").build();
        Map<String, List<QueueRow>> lines = new LinkedHashMap<>();
        report.rows().forEach(r -> lines.computeIfAbsent(r.isBullmq() ? r.system()
                : r.system() + (r.jvms() == 1 ? ", one JVM" : ", " + r.jvms() + " JVMs"), k -> new ArrayList<>()).add(r));
        for (Map.Entry<String, List<QueueRow>> line : lines.entrySet()) {
            XYSeries series = chart.addSeries(line.getKey(), line.getValue().stream().mapToDouble(QueueRow::concurrency).toArray(),
                    line.getValue().stream().mapToDouble(QueueRow::tasksPerSecond).toArray());
            series.setMarker(SeriesMarkers.CIRCLE);
        }
        return chart;
    }

    /** Dispatch efficiency (and projected speedup, when measured chunk times were given) against simulated workers. */
    static XYChart scale(QueueReport report) {
        double timeScale = report.scale().get(0).timeScale();
        XYChart chart = new XYChartBuilder().width(900).height(520).title("Scale simulation: sleeping workers on one Redis")
                .xAxisTitle(String.format(Locale.ROOT, "simulated workers (chunks slept at x%s: the claim rate of workers / %s real ones)",
                        timeScale, timeScale))
                .yAxisTitle("efficiency (free-dispatch ideal / measured wall)").build();
        double[] workers = report.scale().stream().mapToDouble(ScaleRow::workers).toArray();
        XYSeries series = chart.addSeries("efficiency", workers, report.scale().stream().mapToDouble(ScaleRow::efficiency).toArray());
        series.setMarker(SeriesMarkers.CIRCLE);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.05);
        return chart;
    }

    String save(XYChart chart, String name) {
        Path file = out.resolve(name + ".png");
        try {
            BitmapEncoder.saveBitmap(chart, out.resolve(name).toString(), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write chart " + file, e);
        }
        return file.getFileName().toString();
    }
}
