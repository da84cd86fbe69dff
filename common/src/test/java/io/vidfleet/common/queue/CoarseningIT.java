package io.vidfleet.common.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidfleet.common.error.LeaseLostException;
import io.vidfleet.common.jobs.JobRecord;
import io.vidfleet.common.jobs.JobState;
import io.vidfleet.common.jobs.TaskRecord;
import io.vidfleet.common.jobs.TaskState;
import io.vidfleet.common.store.JobStore;
import io.vidfleet.testing.TestJobs;
import io.vidfleet.testing.TestRedis;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Coarsening a plan in Redis: merged tasks are fenced off, counters stay true, the rounds are bounded. */
class CoarseningIT {
    private final JobStore store = TestRedis.store();
    private final TaskQueue queue = new TaskQueue(store.redis(), store.keys());
    private final Coarsener coarsener = new Coarsener(store);

    @Test
    void aMergeReplacesTheChunkAndItsNeighboursAndFencesTheirAttempts() {
        String jobId = TestJobs.create(store, TestJobs.draft(5, Duration.ofSeconds(30), 3));
        ClaimedTask v4 = queue.claim(jobId, "w1").task(); // longest first
        ClaimedTask v3 = queue.claim(jobId, "w2").task();
        queue.complete(v4, "r4");
        ClaimedTask v2 = queue.claim(jobId, "w1").task();
        assertEquals("v00003", v3.taskId());

        Coarsener.Outcome outcome = coarsener.coarsen(jobId, Coarsener.Caller.task(v3), Set.of("v00003"), "why");

        assertEquals(Coarsener.Result.COARSENED, outcome.result());
        assertEquals("chunks 2-4 merged: why", outcome.note());
        assertEquals(List.of("chunks 2-4 merged: why"), store.notes(jobId));
        Map<String, TaskState> states = states(jobId);
        assertEquals(Map.of("v00000", TaskState.READY, "v00001", TaskState.READY, "v00002", TaskState.MERGED,
                "v00003", TaskState.MERGED, "v00004", TaskState.MERGED, "v00002-00004", TaskState.READY), states);
        JobRecord job = store.get(jobId);
        assertEquals(3, job.tasksTotal(), "v00000, v00001 and the merged task");
        assertEquals(0, job.tasksDone(), "v00004's result is no longer used");
        assertThrows(LeaseLostException.class, () -> queue.extend(v2), "a merged task's running attempt is fenced");
        assertFalse(queue.complete(v2, "late").accepted());
        assertEquals("v00002-00004", store.redis().hget(store.keys().task(jobId, "v00003"), "mergedInto"));
        TaskRecord merged = store.tasks(jobId).stream().filter(t -> t.spec().id().equals("v00002-00004")).findFirst().orElseThrow();
        assertEquals(200, merged.spec().chunk().startFrame());
        assertEquals(500, merged.spec().chunk().endFrame());
        assertEquals(4 + 5 - 2, merged.spec().chunk().durationSeconds(), 1e-9, "from the first chunk's start to the last one's end");
        assertTrue(store.redis().xrange(store.keys().log(jobId), "-", "+").stream()
                .anyMatch(e -> "coarsened".equals(e.getFields().get("event"))), "a coarsened event in the job's log");
    }

    @Test
    void theLastRoundIsTheWholeVideoAndThenNothingIsLeft() {
        String jobId = TestJobs.create(store, TestJobs.draft(4, Duration.ofSeconds(30), 3));
        ClaimedTask first = queue.claim(jobId, "w1").task();
        assertEquals(Coarsener.Result.COARSENED,
                coarsener.coarsen(jobId, Coarsener.Caller.task(first), Set.of(first.taskId()), "bad").result());
        ClaimedTask next = claim(jobId, "v00000");
        Coarsener.Outcome whole = coarsener.coarsen(jobId, Coarsener.Caller.task(next), Set.of("v00000"), "worse");
        assertEquals("whole video encoded as one task (chunks 0-3): worse", whole.note());
        assertEquals(1, store.get(jobId).tasksTotal());
        ClaimedTask all = queue.claim(jobId, "w1").task();
        assertTrue(all.spec().wholeVideo());
        assertEquals(0, all.spec().chunk().startFrame());
        assertEquals(400, all.spec().chunk().endFrame());
        assertEquals(Coarsener.Result.EXHAUSTED,
                coarsener.coarsen(jobId, Coarsener.Caller.task(all), Set.of(all.taskId()), "hopeless").result());
        assertEquals(String.valueOf(Coarsening.MAX_ROUNDS), store.redis().hget(store.keys().job(jobId), "coarsenRounds"));
    }

    @Test
    void aBadJoinAtTheStitchSendsTheJobBackToRunningWithTheTwoChunksMerged() {
        String jobId = TestJobs.create(store, TestJobs.draft(5, Duration.ofSeconds(30), 3));
        for (int i = 0; i < 5; i++) {
            queue.complete(queue.claim(jobId, "w").task(), "r" + i);
        }
        assertEquals(JobState.STITCHING, store.get(jobId).state());
        assertTrue(store.takeStitchLease(jobId, "c1", Duration.ofSeconds(30)));
        Coarsener.Outcome outcome = coarsener.coarsen(jobId, Coarsener.Caller.stitch("c1"), Set.of("v00001", "v00002"), "join off");
        assertEquals("chunks 0-3 merged: join off", outcome.note(), "the chunks around the join and their neighbours");
        JobRecord job = store.get(jobId);
        assertEquals(JobState.RUNNING, job.state());
        assertEquals(2, job.tasksTotal(), "v00004 and the merged task");
        assertEquals(1, job.tasksDone(), "v00004 keeps its result");
        assertEquals(null, store.redis().get(store.keys().stitchLease(jobId)));
        assertEquals(Coarsener.Result.REJECTED,
                coarsener.coarsen(jobId, Coarsener.Caller.stitch("c1"), Set.of(), "again").result(), "no stitch lease any more");
        queue.complete(queue.claim(jobId, "w").task(), "whole");
        assertEquals(JobState.STITCHING, store.get(jobId).state(), "the merged task done: stitched again");
    }

    private ClaimedTask claim(String jobId, String taskId) {
        while (true) {
            ClaimedTask task = queue.claim(jobId, "w").task();
            if (task.taskId().equals(taskId)) {
                return task;
            }
        }
    }

    private Map<String, TaskState> states(String jobId) {
        Map<String, TaskState> states = new java.util.TreeMap<>();
        store.tasks(jobId).forEach(t -> states.put(t.spec().id(), t.state()));
        return states;
    }
}
