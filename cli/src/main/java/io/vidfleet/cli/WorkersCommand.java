package io.vidfleet.cli;

import io.vidfleet.common.json.Json;
import io.vidfleet.common.store.ClusterStatus;
import io.vidfleet.common.store.ProcessStatus;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "workers", mixinStandardHelpOptions = true,
        description = "List live workers and coordinators (those whose heartbeat is under 30 s old): host, queues, "
                + "busy slots, the tasks they hold leases on, tasks done, heartbeat age.")
final class WorkersCommand implements Callable<Integer> {
    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Mixin
    RedisOption redis;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<ProcessStatus> processes = new ClusterStatus(redis.open()).processes();
        PrintWriter out = spec.commandLine().getOut();
        Instant now = Instant.now();
        if (json) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (ProcessStatus p : processes) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("id", p.id());
                row.put("role", p.role());
                row.put("host", p.host());
                row.put("queues", p.queues());
                row.put("slots", p.slots());
                row.put("busy", p.busy());
                row.put("completed", p.completed());
                row.put("tasks", p.tasks());
                row.put("heartbeatAgeSeconds", age(p, now));
                rows.add(row);
            }
            out.println(Json.writePretty(rows));
        } else {
            out.printf("%-40s %-12s %-16s %-6s %-10s %-9s %s%n", "ID", "ROLE", "QUEUES", "BUSY", "COMPLETED", "SEEN", "TASKS");
            for (ProcessStatus p : processes) {
                boolean worker = "worker".equals(p.role());
                out.printf("%-40s %-12s %-16s %-6s %-10s %-9s %s%n", p.id(), p.role(),
                        p.queues().isEmpty() ? "-" : String.join(",", p.queues()), worker ? p.busy() + "/" + p.slots() : "-",
                        worker ? Integer.toString(p.completed()) : "-", age(p, now) + " s ago",
                        p.tasks().isEmpty() ? "-" : String.join(" ", p.tasks()));
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static long age(ProcessStatus p, Instant now) {
        return p.seen() == null ? -1 : Math.max(0, now.getEpochSecond() - p.seen().getEpochSecond());
    }
}
