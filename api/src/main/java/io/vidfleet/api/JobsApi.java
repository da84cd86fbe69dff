package io.vidfleet.api;

import io.vidfleet.common.error.BadInputException;
import io.vidfleet.common.error.NotFoundException;
import io.vidfleet.common.jobs.JobRecord;
import io.vidfleet.common.storage.ChunkStorage;
import io.vidfleet.common.store.ClusterStatus;
import io.vidfleet.common.store.JobStore;
import io.vidfleet.coordinator.JobSubmitter;
import io.vidfleet.coordinator.SubmittedJob;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The endpoints under {@code /api/}: the same operations as {@code submit}, {@code status}, {@code cancel}, {@code requeue}. */
final class JobsApi {
    private final JobStore store;
    private final JobSubmitter submitter;
    private final ClusterStatus cluster;
    private final boolean localOutputs;

    JobsApi(JobStore store, ChunkStorage storage) {
        this.store = store;
        this.submitter = new JobSubmitter(store, storage);
        this.localOutputs = storage.sharesLocalFiles();
        this.cluster = new ClusterStatus(store);
    }

    Router routes(Router router) {
        return router
                .add("GET", "/api/jobs", this::list)
                .add("POST", "/api/jobs", this::submit)
                .add("GET", "/api/jobs/{id}", this::get)
                .add("GET", "/api/jobs/{id}/timeline", this::timeline)
                .add("POST", "/api/jobs/{id}/cancel", this::cancel)
                .add("POST", "/api/jobs/{id}/requeue", this::requeue)
                .add("GET", "/api/workers", this::workers)
                .add("GET", "/api/queues", this::queues)
                .add("GET", "/api/dead-letters", this::deadLetters);
    }

    private Reply list(Call call) {
        int limit = call.intParameter("limit", 50, 1, 1000);
        return Reply.ok(Map.of("jobs", store.list(limit).stream().map(JobViews::summary).toList()));
    }

    private Reply submit(Call call) {
        SubmittedJob job = submitter.submit(SubmitBody.parse(call.jsonBody(), localOutputs));
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", job.jobId());
        view.put("existing", job.existing());
        view.put("chunks", job.chunks());
        view.put("frames", job.frames());
        view.put("output", job.output());
        String location = "/api/jobs/" + job.jobId();
        return job.existing() ? Reply.ok(view) : Reply.created(view, location);
    }

    private Reply get(Call call) {
        String id = call.jobId();
        Map<String, Object> view = JobViews.summary(store.get(id));
        view.put("notes", store.notes(id));
        view.put("tasks", JobViews.tasks(store.taskHashes(id)));
        return Reply.ok(view);
    }

    private Reply timeline(Call call) {
        String id = call.jobId();
        store.get(id); // 404 for a job that does not exist
        Map<String, String> deadErrors = new HashMap<>();
        for (Map<String, String> task : store.taskHashes(id)) {
            if ("dead".equals(task.get("state"))) {
                deadErrors.put(task.get("id"), task.getOrDefault("error", ""));
            }
        }
        return Reply.ok(JobTimeline.of(store, id, deadErrors));
    }

    private Reply cancel(Call call) {
        String id = call.jobId();
        if (!store.cancel(id, "cancelled by user")) {
            throw new HttpError(409, "job " + id + " already ended: " + store.get(id).state().wire());
        }
        store.signalCoordinators(id); // a coordinator cleans up at once
        return Reply.ok(JobViews.summary(store.get(id)));
    }

    private Reply requeue(Call call) {
        String id = call.jobId();
        int requeued;
        try {
            requeued = store.requeue(id);
        } catch (NotFoundException e) {
            throw e;
        } catch (BadInputException e) {
            throw new HttpError(409, e.getMessage());
        }
        JobRecord job = store.get(id);
        Map<String, Object> view = JobViews.summary(job);
        view.put("requeued", requeued);
        return Reply.ok(view);
    }

    private Reply workers(Call call) {
        long now = System.currentTimeMillis();
        List<Map<String, Object>> rows = cluster.processes().stream().map(p -> JobViews.process(p, now)).toList();
        return Reply.ok(Map.of("workers", rows));
    }

    private Reply queues(Call call) {
        return Reply.ok(Map.of("queues", cluster.queues().stream().map(JobViews::queue).toList()));
    }

    private Reply deadLetters(Call call) {
        int limit = call.intParameter("limit", 100, 1, 1000);
        return Reply.ok(Map.of("deadLetters", cluster.deadLetters(limit).stream().map(JobViews::deadLetter).toList()));
    }
}
