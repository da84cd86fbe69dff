package io.vidfleet.cli;

import io.vidfleet.common.error.BadInputException;
import io.vidfleet.common.json.Json;
import io.vidfleet.common.webhook.WebhookDelivery;
import io.vidfleet.common.webhook.WebhookQueue;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "webhooks", mixinStandardHelpOptions = true,
        description = "List webhook deliveries, newest first (state pending, delivering, delivered or dead; "
                + "attempts; last answer). 'webhooks requeue' sends dead ones again.",
        subcommands = WebhooksCommand.Requeue.class)
final class WebhooksCommand implements Callable<Integer> {
    @Option(names = "--dead", description = "only dead-lettered deliveries")
    boolean dead;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Option(names = "--limit", defaultValue = "50", description = "how many to list (default: ${DEFAULT-VALUE})", converter = OptionRanges.ListLimit.class)
    int limit;

    @Mixin
    RedisOption redis;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (limit < 1 || limit > 10_000) {
            throw new BadInputException("--limit must be 1 to 10000, got " + limit);
        }
        var store = redis.open();
        List<WebhookDelivery> deliveries = new WebhookQueue(store.redis(), store.keys()).list(dead, limit);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.writePretty(deliveries));
        } else {
            out.printf("%-48s %-10s %-8s %-14s %-24s %s%n", "DELIVERY", "STATE", "ATTEMPTS", "EVENT", "HOST", "LAST");
            for (WebhookDelivery d : deliveries) {
                String last = d.lastError() != null ? d.lastError() : d.lastStatus() != null ? "HTTP " + d.lastStatus() : "-";
                if ("pending".equals(d.state()) && d.nextAt() != null) {
                    last += " (next try " + d.nextAt() + ")";
                }
                out.printf("%-48s %-10s %-8d %-14s %-24s %s%n", d.id(), d.state(), d.attempts(), d.type(), d.host(), last);
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    @Command(name = "requeue", mixinStandardHelpOptions = true,
            description = "Send dead-lettered deliveries again (same delivery and event ids, a fresh retry window).")
    static final class Requeue implements Callable<Integer> {
        @Parameters(arity = "0..*", paramLabel = "DELIVERY", description = "delivery ids (from 'vidfleet webhooks --dead')")
        List<String> ids = new ArrayList<>();

        @Option(names = "--all", description = "every dead delivery")
        boolean all;

        @Mixin
        RedisOption redis;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            if (ids.isEmpty() == !all) {
                throw new BadInputException("give delivery ids or --all, not both and not neither");
            }
            var store = redis.open();
            WebhookQueue queue = new WebhookQueue(store.redis(), store.keys());
            for (String id : ids) {
                var found = queue.find(id).orElseThrow(() -> new BadInputException("no such webhook delivery: " + id));
                if (!"dead".equals(found.state())) {
                    throw new BadInputException("delivery " + id + " is " + found.state() + ", only a dead one can be requeued");
                }
            }
            int requeued = queue.requeue(ids);
            spec.commandLine().getOut().println(requeued + " deliver" + (requeued == 1 ? "y" : "ies") + " requeued");
            return ExitCodes.OK;
        }
    }
}
