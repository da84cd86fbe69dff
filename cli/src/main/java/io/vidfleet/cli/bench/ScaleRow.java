package io.vidfleet.cli.bench;

/**
 * One scale-simulation row: {@code workers} simulated workers, each on a connection of its own, sleeping
 * a sampled chunk time (scaled by {@code timeScale}) per task, against one Redis. Scaled sleeps make them
 * claim as often as {@code modelledWorkers} (workers / timeScale) real workers would. {@code idealMillis}
 * is what the same sleeps take with free dispatch (each to the first free worker, in claim order);
 * {@code evenSplitMillis}, total sleep / workers, is lower by the tail that a few tasks per worker leave.
 * Efficiency is ideal over measured; {@code projectedSpeedup} applies it with the transcode bench's
 * serial part. Script calls per task are 2 (claim, complete) when no claim had to retry; Redis's and this
 * JVM's CPU over the run say which one was the limit; connections are those Redis accepted while the
 * workers connected and while they ran (none, or the clock would include handshakes).
 */
public record ScaleRow(int workers, int tasks, double timeScale, int modelledWorkers, long wallMillis, long idealMillis,
                       long evenSplitMillis, double efficiency, double dispatchMillisPerTask, double scriptCallsPerTask,
                       long redisCpuMillis, long benchCpuMillis, long connectionsBeforeClock, long connectionsDuringRun,
                       double projectedSpeedup) {
}
