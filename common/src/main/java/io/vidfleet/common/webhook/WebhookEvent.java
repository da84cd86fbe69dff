package io.vidfleet.common.webhook;

/**
 * One logical event (a job ended) as sent to every endpoint: {@code id} is the Standard Webhooks
 * {@code webhook-id}, the same on every delivery and every retry; {@code body} is the JSON payload.
 */
public record WebhookEvent(String id, String type, String jobId, String body) {
}
