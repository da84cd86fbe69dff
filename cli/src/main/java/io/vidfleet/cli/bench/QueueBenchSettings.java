package io.vidfleet.cli.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code vidfleet bench queue} measures: {@code tasks} no-op tasks per row at each concurrency in
 * one JVM, the same spread over each count of JVMs in {@code jvms} (at {@code jvmConcurrency} threads in
 * all), BullMQ at each concurrency unless {@code skipBullmq}, and the scale simulation at each count of
 * {@code simulatedWorkers} (tasks per worker, chunk times from {@code chunkReport} or assumed, slept at
 * {@code timeScale}). Each measured process first claims and completes {@code warmUpTasks} tasks of its own. The one-JVM
 * and BullMQ rows of a concurrency run {@code rounds} times, alternating.
 */
public record QueueBenchSettings(int tasks, List<Integer> concurrency, List<Integer> jvms, int jvmConcurrency,
                                 String redisUrl, Path out, Path bullmqDir, boolean skipBullmq,
                                 List<Integer> simulatedWorkers, int tasksPerSimulatedWorker, Path chunkReport,
                                 double timeScale, int warmUpTasks, int rounds) {
}
