package io.vidfleet.common.queue;

import io.vidfleet.common.json.Json;
import io.vidfleet.common.redis.LuaScript;
import io.vidfleet.common.store.JobStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out a {@link Coarsening} step atomically ({@code coarsen.lua}), for a worker holding a task's
 * lease or the coordinator holding a job's stitch lease, then puts the new task on the queue's backlog,
 * wakes a worker and writes the note (the job's notes list and a {@code note} event in its log).
 */
public final class Coarsener {
    private static final Logger log = LoggerFactory.getLogger(Coarsener.class);
    private static final LuaScript COARSEN = LuaScript.load("coarsen");
    /** Re-reads after another round or merge changed the tasks between our read and the script. */
    private static final int STALE_RETRIES = 5;

    /** Who asks: a worker by its task and token, or a coordinator by its stitch lease. */
    public record Caller(String mode, String fence, String taskId) {
        public static Caller task(ClaimedTask task) {
            return new Caller("task", Long.toString(task.token()), task.taskId());
        }

        public static Caller stitch(String coordinatorId) {
            return new Caller("stitch", coordinatorId, "");
        }
    }

    /** COARSENED: the plan is coarser (note says how); EXHAUSTED: nothing coarser is left; REJECTED: the caller's lease is gone. */
    public enum Result { COARSENED, EXHAUSTED, REJECTED }

    public record Outcome(Result result, String note) {
    }

    private final JobStore store;

    public Coarsener(JobStore store) {
        this.store = store;
    }

    public Outcome coarsen(String jobId, Caller caller, Set<String> offending, String why) {
        for (int tries = 0; tries <= STALE_RETRIES; tries++) {
            String done = store.redis().hget(store.keys().job(jobId), "coarsenRounds");
            int rounds = done == null ? 0 : Integer.parseInt(done);
            Optional<Coarsening.Step> step = Coarsening.next(store.tasks(jobId), rounds, offending, why);
            if (step.isEmpty()) {
                return new Outcome(offendingMerged(jobId, offending) ? Result.REJECTED : Result.EXHAUSTED, null);
            }
            List<String> ids = new ArrayList<>(step.get().replaced());
            ids.add(step.get().task().id());
            List<String> args = List.of(caller.mode(), caller.fence(), caller.taskId(), Integer.toString(rounds),
                    Integer.toString(Coarsening.MAX_ROUNDS), Json.write(step.get().task()),
                    Double.toString(JobStore.readyScore(step.get().task())), why.replace('\n', ' '));
            if (!caller.taskId().isEmpty() && !ids.contains(caller.taskId())) {
                ids.add(0, caller.taskId()); // the script checks the caller's own lease on its hash
            }
            List<?> reply = (List<?>) COARSEN.runOnJob(store.redis(), store.keys(), jobId, ids, args);
            switch ((String) reply.get(0)) {
                case "coarsened" -> {
                    publish(jobId, step.get());
                    return new Outcome(Result.COARSENED, step.get().note());
                }
                case "limit" -> {
                    return new Outcome(Result.EXHAUSTED, null);
                }
                case "rejected" -> {
                    return new Outcome(Result.REJECTED, null);
                }
                default -> log.info("job {}: coarsening again ({})", jobId, reply.get(1));
            }
        }
        return new Outcome(Result.REJECTED, null);
    }

    private boolean offendingMerged(String jobId, Set<String> offending) {
        return offending.stream().anyMatch(id -> "merged".equals(store.redis().hget(store.keys().task(jobId, id), "state")));
    }

    private void publish(String jobId, Coarsening.Step step) {
        step.replaced().forEach(id -> store.backlog().removed(jobId, id));
        store.backlog().added(jobId, List.of(step.task().id()));
        var job = store.get(jobId);
        // a worker that found the job drained took it off its queue's index: put it back for the new task
        store.index(jobId, job.queue(), job.priority(), job.createdAt().toEpochMilli());
        store.signal(job.queue(), 1);
        log.warn("job {}: {}", jobId, step.note());
        store.addNote(jobId, step.note());
    }
}
