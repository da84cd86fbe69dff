package io.vidfleet.cli.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Amdahl's law against the single ffmpeg: with a serial part S and parallel work W (the sum of every
 * task's time), N workers take S + W / N, so the speedup over one ffmpeg taking T is T / (S + W / N),
 * never more than T / S.
 */
public final class Amdahl {
    public static final List<Integer> WORKER_COUNTS = List.of(10, 100, 1000);

    private Amdahl() {
    }

    public static double speedup(double singleMillis, double serialMillis, double workMillis, int workers) {
        return singleMillis / (serialMillis + workMillis / workers);
    }

    public static Map<Integer, Double> ceilings(double singleMillis, double serialMillis, double workMillis) {
        Map<Integer, Double> ceilings = new LinkedHashMap<>();
        for (int n : WORKER_COUNTS) {
            ceilings.put(n, Stats.round3(speedup(singleMillis, serialMillis, workMillis, n)));
        }
        return ceilings;
    }
}
