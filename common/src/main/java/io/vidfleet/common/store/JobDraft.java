package io.vidfleet.common.store;

import io.vidfleet.common.jobs.DeliveryMode;
import io.vidfleet.common.jobs.Priority;
import io.vidfleet.common.jobs.SourceSummary;
import io.vidfleet.common.jobs.TaskSpec;
import java.time.Duration;
import java.util.List;

/** Everything needed to create a job: where its input is, how to encode it, and its tasks. */
public record JobDraft(String id, String input, boolean inputImported, String output, String profile, String queue,
                       Priority priority, DeliveryMode delivery, Duration lease, int maxAttempts,
                       Duration chunkLength, SourceSummary source, List<TaskSpec> tasks, String idempotencyKey) {
}
