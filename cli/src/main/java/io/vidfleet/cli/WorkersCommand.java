package io.vidfleet.cli;

import io.vidfleet.common.json.Json;
import io.vidfleet.common.store.Presence;
import java.io.PrintWriter;
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
                + "busy slots, the tasks they hold, tasks done, heartbeat age.")
final class WorkersCommand implements Callable<Integer> {
    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Mixin
    RedisOption redis;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<Presence.Process> processes = Presence.list(redis.open());
        PrintWriter out = spec.commandLine().getOut();
        long now = System.currentTimeMillis();
        if (json) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Presence.Process p : processes) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("id", p.id());
                p.fields().forEach(row::put);
                row.put("heartbeatAgeSeconds", age(p, now));
                rows.add(row);
            }
            out.println(Json.writePretty(rows));
        } else {
            out.printf("%-40s %-12s %-12s %-6s %-10s %-8s %s%n", "ID", "ROLE", "QUEUES", "BUSY", "COMPLETED", "SEEN", "TASKS");
            for (Presence.Process p : processes) {
                Map<String, String> f = p.fields();
                out.printf("%-40s %-12s %-12s %-6s %-10s %-8s %s%n", p.id(), p.role(), f.getOrDefault("queues", "-"),
                        f.containsKey("slots") ? f.getOrDefault("busy", "0") + "/" + f.get("slots") : "-",
                        f.getOrDefault("completed", "-"), age(p, now) + " s ago",
                        f.getOrDefault("tasks", "").isEmpty() ? "-" : f.get("tasks"));
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static long age(Presence.Process p, long now) {
        try {
            return Math.max(0, (now - Long.parseLong(p.fields().getOrDefault("seen", "0"))) / 1000);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
