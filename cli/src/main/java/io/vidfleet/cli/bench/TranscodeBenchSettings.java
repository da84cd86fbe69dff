package io.vidfleet.cli.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code vidfleet bench} measures: an input (or a generated sample of {@code sampleSeconds} at
 * {@code width}x{@code height}), a profile, the worker counts, encoder threads per worker, runs per
 * configuration, where the report goes, a Redis (null: a private one) and optionally an older build's
 * jar to run beside this one ({@code baselineJar}), and whether to measure quality.
 */
public record TranscodeBenchSettings(Path input, double sampleSeconds, int width, int height, String profile,
                                     List<Integer> workers, int threads, int runs, Path out, String redisUrl,
                                     Path baselineJar, boolean quality) {
}
