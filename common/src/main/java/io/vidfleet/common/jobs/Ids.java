package io.vidfleet.common.jobs;

import io.vidfleet.common.error.InvalidRecordException;
import java.util.regex.Pattern;

/**
 * The one pattern job and task ids must match before they become a storage key or a path: letters,
 * digits, {@code -} and {@code _}, starting with a letter or digit, at most 64 characters. No dots,
 * no slashes, so an id read from Redis can never name a parent directory or another job's files.
 */
public final class Ids {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    private Ids() {
    }

    public static boolean valid(String id) {
        return id != null && ID.matcher(id).matches();
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
