package io.vidfleet.cli.bench;

/**
 * One row of the queue bench: {@code system} (vidfleet or BullMQ), {@code jvms} processes of
 * {@code concurrency} threads in all, throughput, latency of one claim+complete (µs; 0 where not
 * measured), Redis commands per task (inside scripts included), round trips that ran a script per task, and
 * the Redis server's CPU time per task (µs); {@code warmUpTasks}, what each of its processes did before it was measured.
 */
public record QueueRow(String system, int jvms, int concurrency, int tasks, double tasksPerSecond,
                       double p50Micros, double p99Micros, double commandsPerTask, double scriptCallsPerTask,
                       double redisCpuMicrosPerTask, double ratioToBullmq, int warmUpTasks) {

    QueueRow withRatio(double ratio) {
        return new QueueRow(system, jvms, concurrency, tasks, tasksPerSecond, p50Micros, p99Micros, commandsPerTask,
                scriptCallsPerTask, redisCpuMicrosPerTask, ratio, warmUpTasks);
    }
}
