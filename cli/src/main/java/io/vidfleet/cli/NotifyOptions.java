package io.vidfleet.cli;

import io.vidfleet.common.webhook.JobWebhooks;
import io.vidfleet.common.webhook.WebhookEndpoint;
import io.vidfleet.common.webhook.WebhookSecret;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --notify-url URL} (repeatable) and a per-job {@code --webhook-secret}, for {@code submit}. */
final class NotifyOptions {
    @Option(names = "--notify-url", paramLabel = "URL",
            description = "POST a signed event here when the job ends (done, failed, cancelled); repeatable; http or https")
    List<String> urls = new ArrayList<>();

    @Option(names = "--webhook-secret", paramLabel = "whsec_...",
            description = "sign this job's webhooks with this secret instead of the coordinator's (stored with the job in Redis, never shown)")
    String secret;

    /** Parsed and checked before anything is written: a bad URL is a one-line error, exit 2. */
    JobWebhooks.Request request() {
        List<WebhookEndpoint> endpoints = urls.stream().map(WebhookEndpoint::parse).distinct().toList();
        return new JobWebhooks.Request(endpoints, Optional.ofNullable(secret).map(WebhookSecret::parse));
    }
}
