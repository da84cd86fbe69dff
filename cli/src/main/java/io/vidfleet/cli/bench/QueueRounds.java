package io.vidfleet.cli.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * A concurrency's rounds, each vidfleet's then BullMQ's, so that a change in the machine's load between rounds hits
 * both systems: one row per system holding the median of each measure, and the ratio of the medians with each
 * round's own ratio beside it (as {@code vidfleet bench} gives its runs').
 */
final class QueueRounds {
    private QueueRounds() {
    }

    /** One system's rounds as one row: the median of each measure, every round's throughput kept. */
    static QueueRow median(List<QueueRow> rounds) {
        QueueRow first = rounds.get(0);
        return new QueueRow(first.system(), first.jvms(), first.concurrency(), first.tasks(),
                median(rounds, QueueRow::tasksPerSecond), median(rounds, QueueRow::p50Micros), median(rounds, QueueRow::p99Micros),
                Stats.round3(median(rounds, QueueRow::commandsPerTask)), Stats.round3(median(rounds, QueueRow::scriptCallsPerTask)),
                Stats.round3(median(rounds, QueueRow::redisCpuMicrosPerTask)),
                Stats.round3(median(rounds, QueueRow::clientCpuMicrosPerTask)), 0, first.warmUpTasks(),
                rounds.stream().map(QueueRow::tasksPerSecond).toList(), List.of());
    }

    /**
     * Each vidfleet row's median throughput over BullMQ's at the same concurrency; with it, when both ran the same
     * rounds side by side, each round's own ratio.
     */
    static List<QueueRow> withRatios(List<QueueRow> rows) {
        List<QueueRow> out = new ArrayList<>();
        for (QueueRow row : rows) {
            Optional<QueueRow> peer = rows.stream().filter(r -> r.isBullmq() && r.concurrency() == row.concurrency()).findFirst();
            out.add(peer.isPresent() && !row.isBullmq()
                    ? row.withRatios(Stats.round3(row.tasksPerSecond() / peer.get().tasksPerSecond()), perRound(row, peer.get()))
                    : row);
        }
        return out;
    }

    private static List<Double> perRound(QueueRow row, QueueRow peer) {
        List<Double> mine = row.roundTasksPerSecond();
        List<Double> theirs = peer.roundTasksPerSecond();
        if (row.jvms() != 1 || mine.size() != theirs.size()) {
            return List.of(); // not measured side by side: only the one-JVM rows alternate with BullMQ's
        }
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < mine.size(); i++) {
            ratios.add(Stats.round3(mine.get(i) / theirs.get(i)));
        }
        return ratios;
    }

    private static double median(List<QueueRow> rounds, ToDoubleFunction<QueueRow> measure) {
        return Stats.median(rounds.stream().map(measure::applyAsDouble).toList());
    }
}
