package io.vidfleet.common.redis;

import java.util.HashMap;
import java.util.Map;

/** Calls per command from Redis's {@code INFO commandstats} (since it started or its stats were reset). */
public final class CommandStats {
    private CommandStats() {
    }

    /** {@code info}: the text of INFO commandstats; command names as Redis gives them ({@code function|load}). */
    public static Map<String, Long> calls(String info) {
        Map<String, Long> calls = new HashMap<>();
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("cmdstat_")) {
                String name = line.substring("cmdstat_".length(), line.indexOf(':'));
                for (String part : line.substring(line.indexOf(':') + 1).split(",")) {
                    if (part.startsWith("calls=")) {
                        calls.put(name, Long.parseLong(part.substring("calls=".length()).strip()));
                    }
                }
            }
        }
        return calls;
    }
}
