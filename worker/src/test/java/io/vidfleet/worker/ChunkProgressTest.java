package io.vidfleet.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vidfleet.common.store.TaskProgress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ChunkProgressTest {
    private long now;
    private final List<TaskProgress> published = new ArrayList<>();
    private final ChunkProgress progress = new ChunkProgress("w1", 7, 300, published::add, () -> now);

    private void block(int frame, String fps, String state) {
        for (String line : List.of("frame=" + frame, "fps=" + fps, "stream_0_0_q=28.0", "out_time_us=" + frame * 40_000L,
                "speed=1.5x", "progress=" + state)) {
            progress.accept(line);
        }
    }

    @Test
    void publishesAtMostOnceASecondAndAlwaysTheLastBlock() {
        block(10, "0.0", "continue"); // the first block: published
        now += TimeUnit.MILLISECONDS.toNanos(500);
        block(40, "60.5", "continue"); // half a second later: held back
        now += TimeUnit.MILLISECONDS.toNanos(400);
        block(70, "61.0", "continue"); // 0.9 s after the last write: held back
        now += TimeUnit.MILLISECONDS.toNanos(200);
        block(100, "62.2", "continue"); // 1.1 s: published
        now += TimeUnit.MILLISECONDS.toNanos(100);
        block(300, "63.0", "end"); // the end: always published
        assertEquals(List.of(10L, 100L, 300L), published.stream().map(TaskProgress::frames).toList());
        TaskProgress last = published.get(2);
        assertEquals(63.0, last.fps());
        assertEquals(7, last.token());
        assertEquals("w1", last.worker());
        assertEquals(300, last.totalFrames());
        assertEquals(12.0, last.seconds());
    }

    @Test
    void ignoresLinesItCannotRead() {
        progress.accept("frame=abc");
        progress.accept("no equals sign");
        progress.accept("out_time_us=N/A");
        block(5, "N/A", "end");
        assertEquals(1, published.size());
        assertEquals(5, published.get(0).frames());
    }
}
