package io.vidfleet.common.queue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One call of a claim: the ready tasks it offers the script ({@code candidates}, the only task keys the script may
 * touch) and how many of the job's best ready tasks ({@code head}) a candidate may be among and a 'moved' reply names.
 *
 * <p>The first call offers the head this process remembered; after a first miss (the memory was stale) the best of
 * the head just read; after a miss with the head just read, others race for it: a random few of it, and from the
 * second such miss on the next head is twice as wide (up to {@link #HEAD_MOST}), so that a fleet woken at once
 * spreads over more of the ready set instead of missing together round after round.
 */
record ClaimAttempt(List<String> candidates, int head) {
    /** The best ready tasks a claim may take from at first: racing claimers spread over them. */
    static final int HEAD = 64;
    /** The widest head a claim that keeps missing spreads over. */
    static final int HEAD_MOST = 1024;

    static ClaimAttempt first(List<String> remembered, int offered) {
        return new ClaimAttempt(best(remembered, offered), HEAD);
    }

    /** The call after the {@code misses}-th miss, whose reply named {@code headRead}. */
    ClaimAttempt afterMiss(int misses, List<String> headRead, int offered) {
        if (misses == 1) {
            return new ClaimAttempt(best(headRead, offered), head);
        }
        return new ClaimAttempt(someOf(headRead, offered), Math.min(HEAD_MOST, 2 * head));
    }

    private static List<String> best(List<String> head, int count) {
        return head.subList(0, Math.min(count, head.size()));
    }

    /** {@code count} of the head at random, in the head's order (best first). */
    private static List<String> someOf(List<String> head, int count) {
        if (head.size() <= count) {
            return head;
        }
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < head.size(); i++) {
            positions.add(i);
        }
        Collections.shuffle(positions, ThreadLocalRandom.current());
        return positions.subList(0, count).stream().sorted().map(head::get).toList();
    }
}
