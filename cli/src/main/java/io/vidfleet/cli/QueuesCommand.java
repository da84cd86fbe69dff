package io.vidfleet.cli;

import io.vidfleet.common.json.Json;
import io.vidfleet.common.store.JobStore;
import io.vidfleet.common.store.ClusterStatus;
import io.vidfleet.common.store.QueueDepth;
import io.vidfleet.common.webhook.WebhookQueue;
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

@Command(name = "queues", mixinStandardHelpOptions = true,
        description = "Show queue depths per queue and priority (jobs with ready tasks; tasks ready, in flight, delayed, "
                + "dead) and the webhook delivery queues per endpoint host.")
final class QueuesCommand implements Callable<Integer> {
    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Mixin
    RedisOption redis;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        JobStore store = redis.open();
        List<QueueDepth> depths = new ClusterStatus(store).queues();
        WebhookQueue.Depths hooks = new WebhookQueue(store.redis(), store.keys()).depths();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> view = new LinkedHashMap<>();
            List<Map<String, Object>> rows = new ArrayList<>();
            for (QueueDepth d : depths) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("queue", d.queue());
                row.put("priority", d.priority().wire());
                row.put("jobs", d.jobs());
                row.put("ready", d.ready());
                row.put("inflight", d.inflight());
                row.put("delayed", d.delayed());
                row.put("dead", d.dead());
                rows.add(row);
            }
            view.put("queues", rows);
            List<Map<String, Object>> hosts = new ArrayList<>();
            hooks.perHost().forEach((host, counts) -> hosts.add(Map.of("host", host, "waiting", counts[0], "inflight", counts[1])));
            view.put("webhooks", Map.of("hosts", hosts, "dead", hooks.dead()));
            out.println(Json.writePretty(view));
        } else {
            out.printf("%-12s %-8s %6s %8s %9s %8s %6s%n", "QUEUE", "PRIORITY", "JOBS", "READY", "INFLIGHT", "DELAYED", "DEAD");
            for (QueueDepth d : depths) {
                out.printf("%-12s %-8s %6d %8d %9d %8d %6d%n", d.queue(), d.priority().wire(), d.jobs(), d.ready(), d.inflight(),
                        d.delayed(), d.dead());
            }
            out.printf("%nwebhook deliveries: %d dead%n", hooks.dead());
            hooks.perHost().forEach((host, counts) ->
                    out.printf("  %-30s %d waiting, %d in flight%n", host, counts[0], counts[1]));
        }
        out.flush();
        return ExitCodes.OK;
    }
}
