package io.vidfleet.worker;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The queues a worker serves on this host, and for each one it refused, the one-line reason. */
public record QueueCapabilities(List<String> served, Map<String, String> refused) {
    public QueueCapabilities {
        served = List.copyOf(served);
        refused = Map.copyOf(refused);
    }

    /** One line: {@code queue h264-nvenc refused: h264_nvenc cannot encode on this host (...)}; ... */
    public String refusals() {
        return refused.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(entry -> "queue " + entry.getKey() + " refused: " + entry.getValue())
                .collect(Collectors.joining("; "));
    }
}
