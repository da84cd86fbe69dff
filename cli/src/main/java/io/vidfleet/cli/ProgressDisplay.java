package io.vidfleet.cli;

import io.vidfleet.common.json.Json;
import io.vidfleet.common.store.JobProgress;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Where a watched job's progress goes: a live bar on a terminal, one line per change otherwise, or JSON. */
interface ProgressDisplay extends AutoCloseable {
    void show(JobProgress progress, Duration eta);

    @Override
    default void close() {
    }

    /** A bar redrawn in place on a terminal, else one line per change on {@code lines}. */
    static ProgressDisplay forHumans(PrintWriter lines) {
        return System.console() != null && !"dumb".equals(System.getenv("TERM")) ? new Bar() : new Lines(lines);
    }

    static String summary(JobProgress p, Duration eta) {
        StringBuilder text = new StringBuilder();
        text.append(p.chunksDone()).append('/').append(p.chunksTotal()).append(" chunks");
        if (p.fps() > 0) {
            text.append(", ").append(String.format("%.1f", p.fps())).append(" fps");
        }
        if (eta != null && !p.terminal()) {
            text.append(", ETA ").append(clock(eta));
        }
        if (!p.workers().isEmpty()) {
            List<String> shown = p.workers().subList(0, Math.min(3, p.workers().size()));
            text.append(", on ").append(String.join(" ", shown));
            if (p.workers().size() > 3) {
                text.append(" +").append(p.workers().size() - 3);
            }
        }
        return text.toString();
    }

    static String clock(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String.format("%d:%02d", s / 60, s % 60);
    }

    /** One line per change, for logs and pipes. */
    final class Lines implements ProgressDisplay {
        private final PrintWriter out;
        private String last = "";

        Lines(PrintWriter out) {
            this.out = out;
        }

        @Override
        public void show(JobProgress p, Duration eta) {
            String line = String.format("%s %s: %d/%d frames, %s", p.job(), p.state(), p.framesDone(), p.framesTotal(), summary(p, eta));
            if (!line.equals(last)) {
                out.println(line);
                out.flush();
                last = line;
            }
        }
    }

    /** One JSON object per change, one per line. */
    final class JsonLines implements ProgressDisplay {
        private final PrintWriter out;

        JsonLines(PrintWriter out) {
            this.out = out;
        }

        @Override
        public void show(JobProgress p, Duration eta) {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("at", java.time.Instant.now().toString());
            view.put("job", p.job());
            view.put("state", p.state());
            view.put("chunksDone", p.chunksDone());
            view.put("chunksTotal", p.chunksTotal());
            view.put("tasksDone", p.tasksDone());
            view.put("tasksTotal", p.tasksTotal());
            view.put("framesDone", p.framesDone());
            view.put("framesTotal", p.framesTotal());
            view.put("fps", p.fps());
            view.put("etaSeconds", eta == null ? null : eta.toMillis() / 1000.0);
            view.put("workers", p.workers());
            if (p.reason() != null) {
                view.put("reason", p.reason());
            }
            if (p.output() != null) {
                view.put("output", p.output());
            }
            out.println(Json.write(view));
            out.flush();
        }
    }

    /** The progressbar library's bar on stderr, redrawn in place, frames as its unit. */
    final class Bar implements ProgressDisplay {
        private ProgressBar bar;

        @Override
        public void show(JobProgress p, Duration eta) {
            if (bar == null) {
                bar = new ProgressBarBuilder().setTaskName(p.job()).setInitialMax(Math.max(1, p.framesTotal()))
                        .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).setUnit(" frames", 1).hideEta()
                        .setUpdateIntervalMillis(250).setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
            }
            bar.maxHint(Math.max(1, p.framesTotal()));
            bar.stepTo(p.framesDone());
            bar.setExtraMessage(p.state() + ", " + summary(p, eta));
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
            }
        }
    }
}
