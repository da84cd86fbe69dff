package io.vidfleet.cli.bench;

import java.util.List;
import java.util.Map;

/**
 * One row of the result table: vidfleet with {@code workers} workers against the single ffmpeg of the
 * same run. {@code ratio} is median vidfleet wall time over median single time (below 1: vidfleet is
 * faster); {@code pairRatios} are the runs' own ratios, each vidfleet run over the single run just before
 * it. {@code serialFraction} is the serial part over the single time; {@code amdahl} the speedup over the
 * single ffmpeg that the serial part and the measured parallel work allow at 10, 100 and 1,000 workers.
 * {@code medianCpuMillis} is the CPU time of the whole run, its JVM and every FFmpeg (-1: unknown).
 * {@code endSpreadMillis} are the runs' {@link FleetRun#endSpreadMillis}: a worker idle at the end, in each run.
 */
public record FleetSummary(int workers, String build, List<Long> wallMillis, double medianWallMillis,
                           double medianResultMillis, double medianCpuMillis, double ratio, List<Double> pairRatios,
                           Map<String, Double> medianPhases, double serialMillis, double serialFraction,
                           double workMillis, Map<Integer, Double> amdahl, List<Long> endSpreadMillis) {
}
