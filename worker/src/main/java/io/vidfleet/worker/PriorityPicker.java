package io.vidfleet.worker;

import io.vidfleet.common.jobs.Priority;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Smooth weighted round robin over priorities (the nginx upstream algorithm): with weights 6:3:1 every
 * ten claims go six, three and one way, interleaved, so high is served first and low never starves.
 * Each pick returns all priorities, the chosen one first, so an empty level falls through to the next.
 */
final class PriorityPicker {
    /** Every claim picks: arrays by ordinal, no map or enum array copied per pick. */
    private static final Priority[] ALL = Priority.values();

    private final int[] weights = new int[ALL.length];
    private final int[] current = new int[ALL.length];
    private final int total;
    /** For each possible pick, the whole order: the pick, then the rest by weight. */
    private final List<List<Priority>> orders = new ArrayList<>();
    private final List<Priority> unweighted;

    PriorityPicker(Map<Priority, Integer> weights) {
        int sum = 0;
        for (Priority p : ALL) {
            this.weights[p.ordinal()] = weights.getOrDefault(p, 0);
            sum += this.weights[p.ordinal()];
        }
        this.total = sum;
        for (Priority p : ALL) {
            orders.add(orderWithFirst(p));
        }
        unweighted = orderWithFirst(null);
    }

    synchronized List<Priority> nextOrder() {
        int best = -1;
        for (int i = 0; i < ALL.length; i++) {
            current[i] += weights[i];
            if (weights[i] > 0 && (best < 0 || current[i] > current[best])) {
                best = i;
            }
        }
        if (best < 0) {
            return unweighted;
        }
        current[best] -= total;
        return orders.get(best);
    }

    private List<Priority> orderWithFirst(Priority first) {
        List<Priority> order = new ArrayList<>();
        if (first != null) {
            order.add(first);
        }
        List<Priority> rest = new ArrayList<>(List.of(ALL));
        rest.remove(first);
        rest.sort(Comparator.comparingInt(p -> -weights[p.ordinal()]));
        order.addAll(rest);
        return List.copyOf(order);
    }
}
