package io.vidfleet.cli.bench;

import java.util.List;
import java.util.Map;

/**
 * Everything one {@code vidfleet bench} run measured; written as report.json and report.md. CPU times are
 * user and system time in ms, -1 where the system does not say.
 */
public record TranscodeReport(String startedAt, MachineInfo machine, Map<String, Object> settings,
                              Map<String, Object> source, List<Long> singleMillis, double singleMedianMillis,
                              List<Long> singleCpuMillis, double singleMedianCpuMillis,
                              List<FleetSummary> rows, List<FleetRun> runs, List<Quality> quality,
                              List<String> charts, List<String> notes) {
}
