package io.vidfleet.common.jobs;

import io.vidfleet.common.error.BadInputException;
import java.util.Locale;

/** Job priority; workers serve them by weight so that low never starves. */
public enum Priority {
    HIGH, NORMAL, LOW;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Priority parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadInputException("unknown priority '" + value + "' (use high, normal or low)");
        }
    }
}
