package io.vidfleet.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class FreeDispatchTest {
    @Test
    void theIdealKeepsTheTailThatAnEvenSplitHides() {
        // two workers take 3 and 3, then one of them the 2: 5, though 8 / 2 = 4 would be an even split
        assertEquals(5, FreeDispatch.makespan(List.of(3L, 3L, 2L), 2));
        assertEquals(4, FreeDispatch.evenSplit(List.of(3L, 3L, 2L), 2));
    }

    @Test
    void eachTaskGoesToTheFirstFreeWorkerInClaimOrder() {
        assertEquals(4, FreeDispatch.makespan(List.of(1L, 1L, 1L, 3L), 3));
        assertEquals(3, FreeDispatch.makespan(List.of(3L, 1L, 1L, 1L), 2));
        assertEquals(7, FreeDispatch.makespan(List.of(7L), 100)); // more workers than tasks: the longest task
        assertEquals(0, FreeDispatch.makespan(List.of(), 4));
    }
}
