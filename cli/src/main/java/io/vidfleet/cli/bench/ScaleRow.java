package io.vidfleet.cli.bench;

/**
 * One scale-simulation row: {@code workers} simulated workers, each sleeping a sampled chunk time
 * (scaled by {@code timeScale}) per task, against one Redis. {@code idealMillis} is what the work would
 * take with free dispatch (total sleep / workers, never below the longest task); efficiency is ideal
 * over measured; {@code projectedSpeedup} applies it with the transcode bench's serial part.
 */
public record ScaleRow(int workers, int tasks, double timeScale, long wallMillis, long idealMillis, double efficiency,
                       double dispatchMillisPerTask, double projectedSpeedup) {
}
