package io.vidfleet.worker;

import io.vidfleet.common.jobs.Priority;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How a worker runs: which queues it serves, how many tasks at once ({@code concurrency}) with how many
 * encoder threads each, when an encode counts as hung, how priorities share its time, and how it stops.
 */
public record WorkerSettings(List<String> queues, int concurrency, int threads, Duration hangTimeout,
                             Map<Priority, Integer> weights, Duration idleBlock, Duration reaperInterval,
                             Duration shutdownGrace, Duration retryBackoff) {

    public static final Map<Priority, Integer> DEFAULT_WEIGHTS = Map.of(Priority.HIGH, 6, Priority.NORMAL, 3, Priority.LOW, 1);

    public static WorkerSettings defaults(List<String> queues) {
        return new WorkerSettings(queues, 1, 0, Duration.ofSeconds(60), DEFAULT_WEIGHTS, Duration.ofSeconds(10),
                Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(2));
    }

    public WorkerSettings withQueues(List<String> value) {
        return new WorkerSettings(List.copyOf(value), concurrency, threads, hangTimeout, weights, idleBlock, reaperInterval, shutdownGrace, retryBackoff);
    }

    public WorkerSettings withConcurrency(int value) {
        return new WorkerSettings(queues, value, threads, hangTimeout, weights, idleBlock, reaperInterval, shutdownGrace, retryBackoff);
    }

    public WorkerSettings withThreads(int value) {
        return new WorkerSettings(queues, concurrency, value, hangTimeout, weights, idleBlock, reaperInterval, shutdownGrace, retryBackoff);
    }

    public WorkerSettings withHangTimeout(Duration value) {
        return new WorkerSettings(queues, concurrency, threads, value, weights, idleBlock, reaperInterval, shutdownGrace, retryBackoff);
    }

    public WorkerSettings withShutdownGrace(Duration value) {
        return new WorkerSettings(queues, concurrency, threads, hangTimeout, weights, idleBlock, reaperInterval, value, retryBackoff);
    }

    public WorkerSettings withIdleBlock(Duration value) {
        return new WorkerSettings(queues, concurrency, threads, hangTimeout, weights, value, reaperInterval, shutdownGrace, retryBackoff);
    }

    public WorkerSettings withReaperInterval(Duration value) {
        return new WorkerSettings(queues, concurrency, threads, hangTimeout, weights, idleBlock, value, shutdownGrace, retryBackoff);
    }

    public WorkerSettings withRetryBackoff(Duration value) {
        return new WorkerSettings(queues, concurrency, threads, hangTimeout, weights, idleBlock, reaperInterval, shutdownGrace, value);
    }

    /** Parses {@code 6:3:1} (high:normal:low). */
    public static Map<Priority, Integer> parseWeights(String text) {
        String[] parts = text.split(":");
        if (parts.length != 3) {
            throw new io.vidfleet.common.error.BadInputException("weights must look like 6:3:1 (high:normal:low), got " + text);
        }
        try {
            Map<Priority, Integer> weights = Map.of(Priority.HIGH, Integer.parseInt(parts[0].trim()),
                    Priority.NORMAL, Integer.parseInt(parts[1].trim()), Priority.LOW, Integer.parseInt(parts[2].trim()));
            if (weights.values().stream().anyMatch(w -> w < 1)) {
                throw new io.vidfleet.common.error.BadInputException("every weight must be at least 1 (none may starve), got " + text);
            }
            return weights;
        } catch (NumberFormatException e) {
            throw new io.vidfleet.common.error.BadInputException("weights must be whole numbers like 6:3:1, got " + text);
        }
    }

    public WorkerSettings withWeights(Map<Priority, Integer> value) {
        return new WorkerSettings(queues, concurrency, threads, hangTimeout, value, idleBlock, reaperInterval, shutdownGrace, retryBackoff);
    }

    /** Encoder threads per task: as given, else the machine's cores shared among the concurrent tasks. */
    public int effectiveThreads() {
        return threads > 0 ? threads : Math.max(1, Runtime.getRuntime().availableProcessors() / Math.max(1, concurrency));
    }
}
