package io.vidfleet.cli.bench;

import java.util.List;

/**
 * One row of the queue bench: {@code system} (vidfleet or BullMQ), {@code jvms} processes of
 * {@code concurrency} threads in all, throughput, latency of one claim+complete (µs; 0 where not
 * measured), Redis commands per task (inside scripts included), round trips that ran a script per task, and
 * the Redis server's CPU time per task (µs), the client's (the measured process: this JVM, or BullMQ's Node.js; 0
 * where not measured); {@code warmUpTasks}, what each of its processes did before it was measured.
 * A row measured in several rounds holds the medians of its rounds; {@code roundTasksPerSecond} each round's
 * throughput in the order they ran, and {@code roundRatios} each round's over its BullMQ peer's in the same round.
 */
public record QueueRow(String system, int jvms, int concurrency, int tasks, double tasksPerSecond,
                       double p50Micros, double p99Micros, double commandsPerTask, double scriptCallsPerTask,
                       double redisCpuMicrosPerTask, double clientCpuMicrosPerTask, double ratioToBullmq, int warmUpTasks,
                       List<Double> roundTasksPerSecond, List<Double> roundRatios) {

    public QueueRow {
        roundTasksPerSecond = List.copyOf(roundTasksPerSecond);
        roundRatios = List.copyOf(roundRatios);
    }

    /** A row of one round. */
    public QueueRow(String system, int jvms, int concurrency, int tasks, double tasksPerSecond,
                    double p50Micros, double p99Micros, double commandsPerTask, double scriptCallsPerTask,
                    double redisCpuMicrosPerTask, double clientCpuMicrosPerTask, int warmUpTasks) {
        this(system, jvms, concurrency, tasks, tasksPerSecond, p50Micros, p99Micros, commandsPerTask, scriptCallsPerTask,
                redisCpuMicrosPerTask, clientCpuMicrosPerTask, 0, warmUpTasks, List.of(tasksPerSecond), List.of());
    }

    boolean isBullmq() {
        return system.startsWith("BullMQ");
    }

    QueueRow withRatios(double ratio, List<Double> perRound) {
        return new QueueRow(system, jvms, concurrency, tasks, tasksPerSecond, p50Micros, p99Micros, commandsPerTask,
                scriptCallsPerTask, redisCpuMicrosPerTask, clientCpuMicrosPerTask, ratio, warmUpTasks, roundTasksPerSecond, perRound);
    }
}
