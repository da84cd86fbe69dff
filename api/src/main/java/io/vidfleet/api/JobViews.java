package io.vidfleet.api;

import io.vidfleet.common.jobs.JobRecord;
import io.vidfleet.common.jobs.TaskRecord;
import io.vidfleet.common.json.Json;
import io.vidfleet.common.store.DeadLetter;
import io.vidfleet.common.store.ProcessStatus;
import io.vidfleet.common.store.QueueDepth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON shapes of the API (documented in the README): field names are stable, times ISO-8601 UTC. */
final class JobViews {
    private JobViews() {
    }

    static Map<String, Object> summary(JobRecord job) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", job.id());
        view.put("state", job.state().wire());
        view.put("profile", job.profile());
        view.put("queue", job.queue());
        view.put("priority", job.priority().wire());
        view.put("delivery", job.delivery().wire());
        view.put("tasksDone", job.tasksDone());
        view.put("tasksTotal", job.tasksTotal());
        view.put("progress", job.tasksTotal() == 0 ? 0.0 : (double) job.tasksDone() / job.tasksTotal());
        if (job.source() != null) {
            view.put("source", Map.of("name", job.source().name(), "frames", job.source().frames(),
                    "seconds", job.source().videoSeconds()));
        }
        view.put("output", job.output());
        view.put("reason", job.reason());
        view.put("createdAt", Replies.iso(job.createdAt()));
        view.put("finishedAt", Replies.iso(job.finishedAt()));
        return view;
    }

    static Map<String, Object> task(Map<String, String> hash) {
        TaskRecord task = TaskRecord.fromHash(hash);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", task.spec().id());
        view.put("kind", task.spec().kind().name().toLowerCase());
        view.put("state", task.state().wire());
        view.put("attempts", task.attempts());
        view.put("worker", task.worker());
        if (task.spec().chunk() != null) {
            view.put("startFrame", task.spec().chunk().startFrame());
            view.put("endFrame", task.spec().chunk().endFrame());
            view.put("seconds", task.spec().chunk().durationSeconds());
        }
        view.put("claimedAt", Replies.isoMillis(hash.get("claimedAt")));
        view.put("finishedAt", Replies.isoMillis(hash.get("finishedAt")));
        view.put("leaseUntil", Replies.isoMillis(hash.get("leaseUntil")));
        view.put("error", task.error() == null || task.error().isEmpty() ? null : task.error());
        view.put("history", Json.tree(task.history()));
        return view;
    }

    static Map<String, Object> process(ProcessStatus p, long now) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", p.id());
        view.put("role", p.role());
        view.put("host", p.host());
        view.put("queues", p.queues());
        view.put("slots", p.slots());
        view.put("busy", p.busy());
        view.put("completed", p.completed());
        view.put("seenAt", Replies.iso(p.seen()));
        view.put("heartbeatAgeMs", p.seen() == null ? null : Math.max(0, now - p.seen().toEpochMilli()));
        view.put("tasks", p.tasks());
        return view;
    }

    static Map<String, Object> queue(QueueDepth q) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("queue", q.queue());
        view.put("priority", q.priority().wire());
        view.put("jobs", q.jobs());
        view.put("ready", q.ready());
        view.put("inflight", q.inflight());
        view.put("delayed", q.delayed());
        view.put("dead", q.dead());
        return view;
    }

    static Map<String, Object> deadLetter(DeadLetter d) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("job", d.jobId());
        view.put("task", d.taskId());
        view.put("queue", d.queue());
        view.put("attempts", d.attempts());
        view.put("error", d.error());
        view.put("history", Json.tree(d.history()));
        view.put("failedAt", Replies.iso(d.jobFinishedAt()));
        return view;
    }

    static List<Map<String, Object>> tasks(List<Map<String, String>> hashes) {
        return hashes.stream().map(JobViews::task).toList();
    }
}
