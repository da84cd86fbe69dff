package io.vidfleet.api;

import java.time.Instant;

/** Small helpers for what goes back to a client. */
final class Replies {
    private Replies() {
    }

    /** Client input echoed in an error: one line, no control characters, bounded. */
    static String printable(String text) {
        String clean = text.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 120 ? clean.substring(0, 120) + "..." : clean;
    }

    /** One line: a reason must never carry a stack trace or a newline into a response. */
    static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }

    static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    static String isoMillis(String millis) {
        try {
            return millis == null || millis.isEmpty() ? null : Instant.ofEpochMilli(Long.parseLong(millis)).toString();
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
