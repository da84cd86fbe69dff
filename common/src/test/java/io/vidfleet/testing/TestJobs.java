package io.vidfleet.testing;

import io.vidfleet.common.ProcessIds;
import io.vidfleet.common.jobs.DeliveryMode;
import io.vidfleet.common.jobs.JobRecord;
import io.vidfleet.common.jobs.Priority;
import io.vidfleet.common.jobs.SourceSummary;
import io.vidfleet.common.jobs.TaskSpec;
import io.vidfleet.common.plan.ChunkSpec;
import io.vidfleet.common.store.JobDraft;
import io.vidfleet.common.store.JobStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Jobs made directly in Redis (no media), for tests of the queue itself. */
public final class TestJobs {
    private TestJobs() {
    }

    public static JobDraft draft(int chunks, Duration lease, int maxAttempts, DeliveryMode delivery, Priority priority) {
        return draft(chunks, lease, maxAttempts, delivery, priority, "h264");
    }

    public static JobDraft draft(int chunks, Duration lease, int maxAttempts, DeliveryMode delivery, Priority priority,
                                 String queue) {
        List<TaskSpec> tasks = new ArrayList<>();
        for (int i = 0; i < chunks; i++) {
            double seconds = 1 + i; // later chunks longer: the claim order must put them first
            tasks.add(TaskSpec.video(new ChunkSpec(i, i * 100, i * 100 + 100, true, -1, -1, -1, i, seconds, 1000)));
        }
        SourceSummary source = new SourceSummary("test.mp4", chunks * 100, chunks * 10.0, 0.1, 0, false, 0, 0, null, 320, 240, "h264");
        return new JobDraft(ProcessIds.newJobId(), "inputs/none.mp4", false, "outputs/none.mp4", "h264-720p", queue,
                priority, delivery, lease, maxAttempts, Duration.ofSeconds(10), source, tasks, null);
    }

    public static JobDraft draft(int chunks, Duration lease, int maxAttempts) {
        return draft(chunks, lease, maxAttempts, DeliveryMode.AT_LEAST_ONCE, Priority.NORMAL);
    }

    public static String create(JobStore store, JobDraft draft) {
        store.create(draft);
        return draft.id();
    }

    /** Waits until the job has ended and no coordinator works on it any more (its cleanup is over). */
    public static JobRecord awaitSettled(JobStore store, String jobId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JobRecord job = store.get(jobId);
            if (job.state().terminal() && !store.activeJobIds().contains(jobId)) {
                return job;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("job " + jobId + " did not end within " + timeout + ": " + store.get(jobId));
    }
}
