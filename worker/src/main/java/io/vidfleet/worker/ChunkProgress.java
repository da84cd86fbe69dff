package io.vidfleet.worker;

import io.vidfleet.common.store.TaskProgress;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Reads FFmpeg's {@code -progress} output (blocks of {@code key=value} lines, each ended by
 * {@code progress=continue} or {@code progress=end}) and hands on frames done and encode speed at most
 * once per {@code interval}, plus the last block, so a chunk costs Redis at most one write a second.
 * Never throws: it runs on the thread that drains FFmpeg's output.
 */
final class ChunkProgress implements Consumer<String> {
    static final Duration INTERVAL = Duration.ofSeconds(1);

    private final String worker;
    private final long token;
    private final int totalFrames;
    private final Consumer<TaskProgress> publish;
    private final LongSupplier nanoClock;
    private long lastPublished = Long.MIN_VALUE;
    private long frames;
    private double fps;
    private double seconds;

    ChunkProgress(String worker, long token, int totalFrames, Consumer<TaskProgress> publish, LongSupplier nanoClock) {
        this.worker = worker;
        this.token = token;
        this.totalFrames = totalFrames;
        this.publish = publish;
        this.nanoClock = nanoClock;
    }

    @Override
    public void accept(String line) {
        int eq = line.indexOf('=');
        if (eq < 0) {
            return;
        }
        String key = line.substring(0, eq).strip();
        String value = line.substring(eq + 1).strip();
        try {
            switch (key) {
                case "frame" -> frames = Long.parseLong(value);
                case "fps" -> fps = Double.parseDouble(value);
                case "out_time_us" -> seconds = value.equals("N/A") ? seconds : Long.parseLong(value) / 1e6;
                case "progress" -> blockEnded("end".equals(value));
                default -> { }
            }
        } catch (RuntimeException e) {
            // a malformed line or a failed write: progress is best effort, the encode goes on
        }
    }

    private void blockEnded(boolean last) {
        long now = nanoClock.getAsLong();
        if (!last && lastPublished != Long.MIN_VALUE && now - lastPublished < INTERVAL.toNanos()) {
            return;
        }
        lastPublished = now;
        publish.accept(new TaskProgress(token, worker, frames, totalFrames,
                Math.round(fps * 10) / 10.0, Math.round(seconds * 1000) / 1000.0, System.currentTimeMillis()));
    }
}
