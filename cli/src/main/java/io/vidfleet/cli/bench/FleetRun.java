package io.vidfleet.cli.bench;

import java.util.List;

/**
 * One {@code vidfleet local} run as the bench saw it: wall time to the printed result and to process
 * exit (ms), the CPU time of the process and of every process it started (ms, -1 unknown), the job it
 * created, its phases and its tasks, and how long before the last worker the first ran out of tasks
 * ({@link JobTimeline#endSpreadMillis}).
 */
public record FleetRun(int workers, int run, String build, long wallMillis, long resultMillis, long cpuMillis, String jobId,
                       Phases phases, List<TaskSpan> tasks, long workMillis, long endSpreadMillis, String output) {
}
