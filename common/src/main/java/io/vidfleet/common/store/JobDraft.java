package io.vidfleet.common.store;

import io.vidfleet.common.jobs.DeliveryMode;
import io.vidfleet.common.jobs.Priority;
import io.vidfleet.common.jobs.SourceSummary;
import io.vidfleet.common.jobs.TaskSpec;
import java.time.Duration;
import java.util.List;

/**
 * Everything needed to create a job: where its input is, how to encode it, and its tasks.
 * {@code overwrite}: the output may replace an existing file; {@code taskTimeout}: the longest one
 * attempt of a task may run (null: no limit of the job's own).
 */
public record JobDraft(String id, String input, boolean inputImported, String output, String profile, String queue,
                       Priority priority, DeliveryMode delivery, Duration lease, int maxAttempts,
                       Duration chunkLength, SourceSummary source, List<TaskSpec> tasks, String idempotencyKey,
                       boolean overwrite, Duration taskTimeout) {

    public JobDraft(String id, String input, boolean inputImported, String output, String profile, String queue,
                    Priority priority, DeliveryMode delivery, Duration lease, int maxAttempts,
                    Duration chunkLength, SourceSummary source, List<TaskSpec> tasks, String idempotencyKey) {
        this(id, input, inputImported, output, profile, queue, priority, delivery, lease, maxAttempts, chunkLength,
                source, tasks, idempotencyKey, false, null);
    }
}
