package io.vidfleet.coordinator.webhook;

import io.vidfleet.common.jobs.JobRecord;
import io.vidfleet.common.json.Json;
import io.vidfleet.common.webhook.WebhookEvent;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The webhook event of a job that ended: type {@code job.done}, {@code job.failed} or
 * {@code job.cancelled}. Its id is fixed by the job and the moment it ended, so every coordinator
 * that enqueues it makes the same event, and a job requeued after failing gets a new one when it ends again.
 */
final class JobEndedEvent {
    private JobEndedEvent() {
    }

    static WebhookEvent of(JobRecord job, String output) {
        Instant ended = job.finishedAt() != null ? job.finishedAt() : Instant.EPOCH;
        String id = "msg_" + job.id() + "_" + job.state().wire() + "_" + ended.toEpochMilli();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("job", job.id());
        data.put("state", job.state().wire());
        if (job.reason() != null) {
            data.put("reason", job.reason());
        }
        if (output != null) {
            data.put("output", output);
        }
        data.put("profile", job.profile());
        data.put("tasks", job.tasksTotal());
        data.put("tasksDone", job.tasksDone());
        if (job.source() != null) {
            data.put("source", job.source().name());
            data.put("frames", job.source().frames());
        }
        data.put("createdAt", String.valueOf(job.createdAt()));
        data.put("finishedAt", String.valueOf(job.finishedAt()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "job." + job.state().wire());
        body.put("timestamp", ended.toString());
        body.put("data", data);
        return new WebhookEvent(id, "job." + job.state().wire(), job.id(), Json.write(body));
    }
}
