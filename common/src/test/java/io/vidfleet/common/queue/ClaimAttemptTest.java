package io.vidfleet.common.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClaimAttemptTest {
    private static List<String> head(int size) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            ids.add(String.format("v%05d", i));
        }
        return ids;
    }

    @Test
    void aFirstMissTakesTheBestOfTheHeadJustRead() {
        ClaimAttempt first = ClaimAttempt.first(List.of(), 9);
        assertEquals(List.of(), first.candidates());
        ClaimAttempt second = first.afterMiss(1, head(64), 9);
        assertEquals(head(9), second.candidates(), "a stale memory is no race: the best tasks");
        assertEquals(ClaimAttempt.HEAD, second.head());
    }

    @Test
    void claimersThatKeepMissingSpreadOverAWiderHeadEachTime() {
        ClaimAttempt attempt = ClaimAttempt.first(head(9), 9).afterMiss(1, head(64), 9);
        List<Integer> heads = new ArrayList<>();
        for (int misses = 2; misses <= 8; misses++) {
            attempt = attempt.afterMiss(misses, head(attempt.head()), 9);
            heads.add(attempt.head());
            assertEquals(9, attempt.candidates().size());
        }
        assertEquals(List.of(128, 256, 512, 1024, 1024, 1024, 1024), heads, "doubling from the second miss, up to the widest");
    }

    @Test
    void racingClaimersPickAtRandomFromTheWholeHeadBestFirst() {
        Set<String> picked = new HashSet<>();
        List<String> read = head(64);
        for (int i = 0; i < 200; i++) {
            List<String> candidates = ClaimAttempt.first(List.of(), 9).afterMiss(1, read, 9).afterMiss(2, read, 9).candidates();
            assertEquals(candidates.stream().sorted().toList(), candidates, "in the head's order");
            picked.addAll(candidates);
        }
        assertTrue(picked.size() > 48, "spread over the head, not its first few: " + picked.size());
    }
}
