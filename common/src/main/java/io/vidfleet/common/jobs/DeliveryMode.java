package io.vidfleet.common.jobs;

import io.vidfleet.common.error.BadInputException;

/** What happens to a task whose worker vanished: redelivered (at least once) or given up (at most once). */
public enum DeliveryMode {
    AT_LEAST_ONCE("at-least-once"),
    AT_MOST_ONCE("at-most-once");

    private final String wire;

    DeliveryMode(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static DeliveryMode parse(String value) {
        for (DeliveryMode mode : values()) {
            if (mode.wire.equalsIgnoreCase(value.trim())) {
                return mode;
            }
        }
        throw new BadInputException("unknown delivery mode '" + value + "' (use at-least-once or at-most-once)");
    }
}
