package io.vidfleet.cli.bench;

import java.util.List;
import java.util.PriorityQueue;

/**
 * What a run of tasks would take if dispatch cost nothing: each task, in the order the workers drew them,
 * goes to the first free worker at the instant it frees up. Total work over workers is only a lower
 * bound: with a few tasks per worker the last ones leave workers idle at the end however dispatch is
 * done, and that tail belongs to the chunking, not the queue.
 */
final class FreeDispatch {
    private FreeDispatch() {
    }

    /** Milliseconds until the last of {@code tasks} (their lengths, in claim order) ends on {@code workers}. */
    static long makespan(List<Long> tasks, int workers) {
        PriorityQueue<Long> freeAt = new PriorityQueue<>();
        for (int w = 0; w < Math.min(workers, tasks.size()); w++) {
            freeAt.add(0L);
        }
        long end = 0;
        for (long task : tasks) {
            long done = freeAt.remove() + task;
            end = Math.max(end, done);
            freeAt.add(done);
        }
        return end;
    }

    /** Total work over workers, never below the longest task: what an even split would take. */
    static long evenSplit(List<Long> tasks, int workers) {
        long total = tasks.stream().mapToLong(Long::longValue).sum();
        long longest = tasks.stream().mapToLong(Long::longValue).max().orElse(0);
        return Math.max(longest, Math.round((double) total / Math.max(1, workers)));
    }
}
