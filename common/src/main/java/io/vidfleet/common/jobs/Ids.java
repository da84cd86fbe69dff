package io.vidfleet.common.jobs;

import io.vidfleet.common.error.InvalidRecordException;

/**
 * The one rule job and task ids must follow before they become a storage key or a path: letters,
 * digits, {@code -} and {@code _}, starting with a letter or digit, at most 64 characters. No dots,
 * no slashes, so an id read from Redis can never name a parent directory or another job's files.
 */
public final class Ids {
    private Ids() {
    }

    public static boolean valid(String id) {
        // [A-Za-z0-9][A-Za-z0-9_-]{0,63}, checked by hand: every claim checks ids, and a regex matcher costs several times more
        if (id == null || id.isEmpty() || id.length() > 64 || !letterOrDigit(id.charAt(0))) {
            return false;
        }
        for (int i = 1; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!letterOrDigit(c) && c != '_' && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean letterOrDigit(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }

    public static String requireJobId(String id) {
        if (!valid(id)) {
            throw new InvalidRecordException("invalid job id " + quoted(id));
        }
        return id;
    }

    public static String requireTaskId(String id) {
        if (!valid(id)) {
            throw new InvalidRecordException("invalid task id " + quoted(id));
        }
        return id;
    }

    /** The id for a log line: quoted, control characters escaped, shortened. */
    public static String quoted(String id) {
        if (id == null) {
            return "(none)";
        }
        String shown = id.length() > 80 ? id.substring(0, 80) + "..." : id;
        StringBuilder out = new StringBuilder("'");
        shown.codePoints().forEach(c -> out.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", c) : Character.toString(c)));
        return out.append('\'').toString();
    }
}
