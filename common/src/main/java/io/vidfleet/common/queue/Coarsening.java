package io.vidfleet.common.queue;

import io.vidfleet.common.jobs.TaskKind;
import io.vidfleet.common.jobs.TaskRecord;
import io.vidfleet.common.jobs.TaskSpec;
import io.vidfleet.common.jobs.TaskState;
import io.vidfleet.common.plan.ChunkSpec;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The coarsening rule of issue 7, in one place: chunking is an optimisation, so a range that cannot be cut
 * exactly makes the plan coarser instead of failing the job. Round 1 merges the offending task(s) with their
 * neighbours; the last round ({@link #MAX_ROUNDS}) encodes the whole video as one task; after that the
 * job fails. A round that would already cover every live video task is the whole-video task.
 */
public final class Coarsening {
    /** Rounds a job may coarsen: a merge with the neighbours, then the whole video as one task. */
    public static final int MAX_ROUNDS = 2;

    private Coarsening() {
    }

    /** What one round does: replace {@code replaced} by {@code task}, with a note for the user. */
    public record Step(List<String> replaced, TaskSpec task, String note) {
    }

    /**
     * The next step for a job whose tasks are {@code tasks}, after {@code roundsDone} rounds, when the given
     * tasks' ranges cannot be cut ({@code offending} empty: no task is to blame, e.g. the stitched frame count
     * is off, so the whole video). Empty when nothing coarser is left (the rounds are spent, or one task holds
     * the whole video already); also empty when an offending task is no longer live (merged meanwhile).
     */
    public static Optional<Step> next(List<TaskRecord> tasks, int roundsDone, Set<String> offending, String why) {
        List<TaskSpec> live = tasks.stream().filter(t -> t.state() != TaskState.MERGED)
                .map(TaskRecord::spec).filter(s -> s.kind() == TaskKind.VIDEO)
                .sorted(Comparator.comparingInt(s -> s.chunk().index())).toList();
        if (roundsDone >= MAX_ROUNDS || live.size() < 2) {
            return Optional.empty();
        }
        int lo = 0;
        int hi = live.size() - 1;
        if (!offending.isEmpty() && roundsDone < MAX_ROUNDS - 1) {
            List<Integer> at = java.util.stream.IntStream.range(0, live.size())
                    .filter(i -> offending.contains(live.get(i).id())).boxed().toList();
            if (at.size() != offending.size()) {
                return Optional.empty();
            }
            lo = Math.max(0, at.get(0) - 1);
            hi = Math.min(live.size() - 1, at.get(at.size() - 1) + 1);
        }
        List<TaskSpec> run = live.subList(lo, hi + 1);
        boolean whole = run.size() == live.size();
        int first = run.get(0).chunk().index();
        int last = run.get(run.size() - 1).lastChunkIndex();
        TaskSpec merged = TaskSpec.merged(ChunkSpec.merge(run.stream().map(TaskSpec::chunk).toList()), last, whole);
        String note = whole
                ? "whole video encoded as one task (chunks " + first + "-" + last + "): " + why
                : "chunks " + first + "-" + last + " merged: " + why;
        return Optional.of(new Step(run.stream().map(TaskSpec::id).toList(), merged, note));
    }
}
