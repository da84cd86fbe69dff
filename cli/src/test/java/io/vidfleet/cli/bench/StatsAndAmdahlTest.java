package io.vidfleet.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatsAndAmdahlTest {
    @Test
    void medianAndPercentiles() {
        assertEquals(2.0, Stats.median(List.of(3, 1, 2)));
        assertEquals(2.5, Stats.median(List.of(4L, 1L, 2L, 3L)));
        assertEquals(99.0, Stats.percentile(java.util.stream.LongStream.rangeClosed(1, 100).boxed().toList(), 99));
        assertEquals(0.0, Stats.median(List.of()));
    }

    @Test
    void amdahlCeilingIsSingleTimeOverSerialPlusSharedWork() {
        // one ffmpeg 15 s; serial 1.5 s; 28 s of chunk work
        assertEquals(15 / (1.5 + 2.8), Amdahl.speedup(15_000, 1_500, 28_000, 10), 1e-9);
        assertEquals(Map.of(10, 3.488, 100, 8.427, 1000, 9.817), Amdahl.ceilings(15_000, 1_500, 28_000));
    }

    @Test
    void queueRatiosAreAgainstBullmqAtTheSameConcurrency() {
        List<QueueRow> rows = QueueRounds.withRatios(List.of(
                new QueueRow("vidfleet", 1, 1, 100, 3000, 1, 2, 20, 2, 50, 60, 0),
                new QueueRow("vidfleet", 1, 8, 100, 12000, 1, 2, 20, 2, 50, 60, 0),
                new QueueRow("vidfleet", 2, 4, 100, 9000, 1, 2, 20, 2, 50, 0, 0),
                new QueueRow("BullMQ 5", 1, 1, 100, 2000, 0, 0, 30, 2, 50, 40, 0),
                new QueueRow("BullMQ 5", 1, 8, 100, 10000, 0, 0, 30, 2, 50, 40, 0)));
        assertEquals(List.of(1.5, 1.2, 0.0, 0.0, 0.0), rows.stream().map(QueueRow::ratioToBullmq).toList());
    }
}
