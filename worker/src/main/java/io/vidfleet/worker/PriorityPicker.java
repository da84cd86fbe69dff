package io.vidfleet.worker;

import io.vidfleet.common.jobs.Priority;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Smooth weighted round robin over priorities (the nginx upstream algorithm): with weights 6:3:1 every
 * ten claims go six, three and one way, interleaved, so high is served first and low never starves.
 * Each pick returns all priorities, the chosen one first, so an empty level falls through to the next.
 */
final class PriorityPicker {
    private final Map<Priority, Integer> weights;
    private final Map<Priority, Integer> current = new EnumMap<>(Priority.class);

    PriorityPicker(Map<Priority, Integer> weights) {
        this.weights = new EnumMap<>(weights);
        for (Priority p : Priority.values()) {
            current.put(p, 0);
        }
    }

    synchronized List<Priority> nextOrder() {
        int total = 0;
        Priority best = null;
        for (Priority p : Priority.values()) {
            int weight = weights.getOrDefault(p, 0);
            total += weight;
            current.merge(p, weight, Integer::sum);
            if (weight > 0 && (best == null || current.get(p) > current.get(best))) {
                best = p;
            }
        }
        List<Priority> order = new ArrayList<>();
        if (best != null) {
            current.merge(best, -total, Integer::sum);
            order.add(best);
        }
        List<Priority> rest = new ArrayList<>(List.of(Priority.values()));
        rest.remove(best);
        rest.sort(Comparator.comparingInt(p -> -weights.getOrDefault(p, 0)));
        order.addAll(rest);
        return order;
    }
}
