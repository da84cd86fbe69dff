package io.vidfleet.cli.bench;

import java.util.List;

/** Everything one {@code vidfleet bench queue} run measured; written as report.json and report.md. */
public record QueueReport(String startedAt, MachineInfo machine, String redisVersion, List<QueueRow> rows,
                          String bullmq, List<ScaleRow> scale, String chunkTimes, List<String> charts,
                          List<String> notes) {
}
