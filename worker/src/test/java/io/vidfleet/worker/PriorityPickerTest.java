package io.vidfleet.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vidfleet.common.jobs.Priority;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PriorityPickerTest {

    @Test
    void sharesClaimsByWeightAndInterleavesThem() {
        PriorityPicker picker = new PriorityPicker(WorkerSettings.DEFAULT_WEIGHTS);
        Map<Priority, Integer> firsts = new EnumMap<>(Priority.class);
        StringBuilder order = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            Priority first = picker.nextOrder().get(0);
            firsts.merge(first, 1, Integer::sum);
            order.append(first.name().charAt(0));
        }
        assertEquals(Map.of(Priority.HIGH, 60, Priority.NORMAL, 30, Priority.LOW, 10), firsts);
        assertEquals(-1, order.indexOf("HHH"), "smooth: high never takes three turns in a row: " + order);
        assertEquals(1, order.substring(0, 10).chars().filter(c -> c == 'L').count(), "low is served in every ten");
    }

    @Test
    void everyPickFallsThroughToTheOtherLevelsByWeight() {
        PriorityPicker picker = new PriorityPicker(WorkerSettings.DEFAULT_WEIGHTS);
        for (int i = 0; i < 20; i++) {
            assertEquals(3, picker.nextOrder().size());
        }
    }

    @Test
    void weightsParse() {
        assertEquals(Map.of(Priority.HIGH, 8, Priority.NORMAL, 4, Priority.LOW, 2), WorkerSettings.parseWeights("8:4:2"));
    }
}
