package io.vidfleet.cli.bench;

import java.util.List;

/**
 * One {@code vidfleet local} run as the bench saw it: wall time to the printed result and to process
 * exit (ms), the job it created, its phases and its tasks.
 */
public record FleetRun(int workers, int run, String build, long wallMillis, long resultMillis, String jobId,
                       Phases phases, List<TaskSpan> tasks, long workMillis, String output) {
}
