package io.vidfleet.cli.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Medians and percentiles of measured values. */
public final class Stats {
    private Stats() {
    }

    public static double median(List<? extends Number> values) {
        return percentile(values, 50);
    }

    /** The nearest-rank percentile (0 for an empty list). */
    public static double percentile(List<? extends Number> values, double percent) {
        if (values.isEmpty()) {
            return 0;
        }
        List<Double> sorted = new ArrayList<>();
        values.forEach(v -> sorted.add(v.doubleValue()));
        Collections.sort(sorted);
        if (percent == 50 && sorted.size() % 2 == 0) {
            return (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
        }
        int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    /** Rounds to three decimals (what reports show). */
    public static double round3(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
