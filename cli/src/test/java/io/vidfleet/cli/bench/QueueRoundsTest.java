package io.vidfleet.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class QueueRoundsTest {
    private static QueueRow round(String system, double perSecond, double p50, double redisCpu) {
        return new QueueRow(system, 1, 8, 100, perSecond, p50, p50 * 3, 17, 1, redisCpu, redisCpu + 20, 10);
    }

    @Test
    void aRowOfRoundsHoldsTheMedianOfEachMeasureAndEveryRoundInOrder() {
        QueueRow row = QueueRounds.median(List.of(round("vidfleet", 9000, 500, 70), round("vidfleet", 15000, 300, 50),
                round("vidfleet", 12000, 700, 90)));
        assertEquals(12000, row.tasksPerSecond());
        assertEquals(500, row.p50Micros());
        assertEquals(1500, row.p99Micros());
        assertEquals(70, row.redisCpuMicrosPerTask());
        assertEquals(90, row.clientCpuMicrosPerTask());
        assertEquals(List.of(9000.0, 15000.0, 12000.0), row.roundTasksPerSecond());
        assertEquals(10, row.warmUpTasks());
    }

    @Test
    void theRatioIsMedianOverMedianWithEachRoundsOwnBesideIt() {
        QueueRow mine = QueueRounds.median(List.of(round("vidfleet", 9000, 1, 1), round("vidfleet", 15000, 1, 1),
                round("vidfleet", 12000, 1, 1)));
        QueueRow theirs = QueueRounds.median(List.of(round("BullMQ 5", 10000, 0, 1), round("BullMQ 5", 12000, 0, 1),
                round("BullMQ 5", 16000, 0, 1)));
        List<QueueRow> rows = QueueRounds.withRatios(List.of(mine, theirs));
        assertEquals(1.0, rows.get(0).ratioToBullmq()); // 12,000 over 12,000, though no single round was level
        assertEquals(List.of(0.9, 1.25, 0.75), rows.get(0).roundRatios());
        assertEquals(0.0, rows.get(1).ratioToBullmq());
    }

    @Test
    void aRowNotMeasuredInTheSameRoundsGetsNoRoundRatios() {
        QueueRow severalJvms = new QueueRow("vidfleet", 2, 8, 100, 8000, 1, 2, 17, 1, 50, 0, 10);
        QueueRow theirs = QueueRounds.median(List.of(round("BullMQ 5", 10000, 0, 1), round("BullMQ 5", 6000, 0, 1)));
        QueueRow rated = QueueRounds.withRatios(List.of(severalJvms, theirs)).get(0);
        assertEquals(1.0, rated.ratioToBullmq());
        assertEquals(List.of(), rated.roundRatios());
        // one round each (--rounds 1): the several-JVM row still ran after BullMQ's, not beside it
        QueueRow once = QueueRounds.withRatios(List.of(severalJvms, round("BullMQ 5", 8000, 0, 1))).get(0);
        assertEquals(1.0, once.ratioToBullmq());
        assertEquals(List.of(), once.roundRatios());
    }
}
