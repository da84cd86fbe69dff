package io.vidfleet.cli;

import io.vidfleet.coordinator.SubmitOptions;
import java.util.function.Function;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The allowed range of every numeric option, in one place. Each option names its converter here, so
 * picocli refuses a value out of range while it parses (one line, exit 2) before any command runs:
 * {@code sample --seconds 0} would write forever, {@code worker --hang-seconds 0} would kill every encode.
 */
final class OptionRanges {
    static final double DAY = 86_400;

    private OptionRanges() {
    }

    static double decimal(String text, double min, double max) {
        double value;
        try {
            value = Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + text + "' is not a number");
        }
        if (!(value >= min && value <= max)) { // also refuses NaN
            throw new TypeConversionException("must be from " + plain(min) + " to " + plain(max) + ", got " + text);
        }
        return value;
    }

    static long whole(String text, long min, long max) {
        long value;
        try {
            value = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + text + "' is not a whole number");
        }
        if (value < min || value > max) {
            throw new TypeConversionException("must be from " + min + " to " + max + ", got " + text);
        }
        return value;
    }

    static int count(String text, int min, int max) {
        return (int) whole(text, min, max);
    }

    /** A converter that checks a range; each option's subclass names its bounds. */
    abstract static class Range<T> implements ITypeConverter<T> {
        private final Function<String, T> parse;

        Range(Function<String, T> parse) {
            this.parse = parse;
        }

        public T convert(String text) {
            return parse.apply(text);
        }
    }

    private static String plain(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    /** {@code --chunk-seconds}: shorter chunks cost more in start-up than they win in parallelism. */
    static final class ChunkSeconds extends Range<Double> {
        ChunkSeconds() {
            super(text -> decimal(text, SubmitOptions.MIN_CHUNK_SECONDS, SubmitOptions.MAX_CHUNK_SECONDS));
        }
    }

    /** {@code --lease-seconds}. */
    static final class LeaseSeconds extends Range<Double> {
        LeaseSeconds() {
            super(text -> decimal(text, SubmitOptions.MIN_LEASE_SECONDS, SubmitOptions.MAX_LEASE_SECONDS));
        }
    }

    /** {@code --task-timeout}: the submit's limit (VIDFLEET_MAX_TASK_SECONDS) may be lower. */
    static final class TaskSeconds extends Range<Long> {
        TaskSeconds() {
            super(text -> whole(text, 1, SubmitOptions.MAX_TASK_SECONDS));
        }
    }

    /** {@code sample --seconds}, {@code local --sample}, {@code bench --sample-seconds}: a sample is for trying things out. */
    static final class SampleSeconds extends Range<Double> {
        SampleSeconds() {
            super(text -> decimal(text, 0.1, 3600));
        }
    }

    /** {@code --hang-seconds}: an encode showing no progress this long is killed. */
    static final class HangSeconds extends Range<Long> {
        HangSeconds() {
            super(text -> whole(text, 1, (long) DAY));
        }
    }

    /** {@code --grace-seconds}: 0 releases running tasks at once. */
    static final class GraceSeconds extends Range<Long> {
        GraceSeconds() {
            super(text -> whole(text, 0, (long) DAY));
        }
    }

    /** {@code --max-attempts}. */
    static final class Attempts extends Range<Integer> {
        Attempts() {
            super(text -> count(text, 1, SubmitOptions.MAX_ATTEMPTS));
        }
    }

    /** {@code --concurrency}, {@code local --workers}, {@code bench --workers}, the bench queue's thread counts. */
    static final class Slots extends Range<Integer> {
        Slots() {
            super(text -> count(text, 1, 256));
        }
    }

    /** {@code --threads}, {@code bench --threads}: 0 shares the machine's cores. */
    static final class Threads extends Range<Integer> {
        Threads() {
            super(text -> count(text, 0, 1024));
        }
    }

    /**
     * {@code --keep-*}, {@code purge --older-than}: a duration such as {@code 30d}, {@code 12h}, {@code 15m},
     * {@code 90s}, {@code 500ms} (or ISO-8601, {@code P7D}), 0 to 10 years.
     */
    static final class Age implements ITypeConverter<java.time.Duration> {
        private static final java.util.regex.Pattern FORM = java.util.regex.Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d|w)");

        public java.time.Duration convert(String text) {
            String value = text.trim().toLowerCase(java.util.Locale.ROOT);
            java.time.Duration duration;
            java.util.regex.Matcher m = FORM.matcher(value);
            if (m.matches()) {
                double amount = Double.parseDouble(m.group(1));
                long unitMs = switch (m.group(2)) {
                    case "ms" -> 1L;
                    case "s" -> 1000L;
                    case "m" -> 60_000L;
                    case "h" -> 3_600_000L;
                    case "d" -> 86_400_000L;
                    default -> 7 * 86_400_000L;
                };
                if (amount * unitMs > 3650 * 86_400_000.0) {
                    throw new TypeConversionException("must be at most 3650d, got " + text);
                }
                duration = java.time.Duration.ofMillis(Math.round(amount * unitMs));
            } else {
                try {
                    duration = java.time.Duration.parse(text.trim().toUpperCase(java.util.Locale.ROOT));
                } catch (java.time.format.DateTimeParseException e) {
                    throw new TypeConversionException("must look like 30d, 12h, 15m, 90s or 500ms, got " + text);
                }
                if (duration.isNegative() || duration.compareTo(java.time.Duration.ofDays(3650)) > 0) {
                    throw new TypeConversionException("must be from 0 to 3650d, got " + text);
                }
            }
            return duration;
        }
    }

    /** A frame size {@code WxH}. */
    record Size(int width, int height) {
    }

    /** {@code sample --size}: even sides (4:2:0 encoders need them), 16 to 7680. */
    static final class FrameSize implements ITypeConverter<Size> {
        public Size convert(String text) {
            String[] wh = text.toLowerCase(java.util.Locale.ROOT).split("x");
            if (wh.length != 2) {
                throw new TypeConversionException("must look like 1280x720, got " + text);
            }
            Size size = new Size((int) whole(wh[0], 16, 7680), (int) whole(wh[1], 16, 7680));
            if (size.width() % 2 != 0 || size.height() % 2 != 0) {
                throw new TypeConversionException("width and height must be even, got " + text);
            }
            return size;
        }
    }

    /** {@code status --limit}, {@code webhooks --limit}. */
    static final class ListLimit extends Range<Integer> {
        ListLimit() {
            super(text -> count(text, 1, 10_000));
        }
    }

    /** {@code serve --port}, {@code --http-port}: 0 takes any free port. */
    static final class Port extends Range<Integer> {
        Port() {
            super(text -> count(text, 0, 65_535));
        }
    }

    /** {@code submit --timeout-seconds}: 0 waits without limit. */
    static final class WaitSeconds extends Range<Long> {
        WaitSeconds() {
            super(text -> whole(text, 0, 30 * (long) DAY));
        }
    }

    /** {@code --webhook-retry-hours}: how long a failing delivery is retried, a minute to 30 days. */
    static final class RetryHours extends Range<Double> {
        RetryHours() {
            super(text -> decimal(text, 1.0 / 60, 720));
        }
    }

    /** {@code --webhook-timeout-seconds}: how long a receiver may take to answer. */
    static final class ReceiverSeconds extends Range<Double> {
        ReceiverSeconds() {
            super(text -> decimal(text, 0.1, 600));
        }
    }

    /** {@code bench --runs}: each run of a configuration takes minutes. */
    static final class Runs extends Range<Integer> {
        Runs() {
            super(text -> count(text, 1, 100));
        }
    }

    /** {@code bench queue --tasks}: tasks per row, each a Redis round trip or three. */
    static final class BenchTasks extends Range<Integer> {
        BenchTasks() {
            super(text -> count(text, 1, 10_000_000));
        }
    }

    /** {@code bench queue --rounds}: each round runs every concurrency's one-JVM and BullMQ rows once more. */
    static final class Rounds extends Range<Integer> {
        Rounds() {
            super(text -> count(text, 1, 20));
        }
    }

    /** {@code bench queue --warm-up}: no-op tasks each process runs before it is measured; 0 for none. */
    static final class WarmUpTasks extends Range<Integer> {
        WarmUpTasks() {
            super(text -> count(text, 0, 1_000_000));
        }
    }

    /** {@code bench queue --jvms}: JVM counts of the several-JVM rows; 0 for none. */
    static final class Jvms extends Range<Integer> {
        Jvms() {
            super(text -> count(text, 0, 64));
        }
    }

    /** {@code bench queue --simulate}: simulated worker counts; 0 for none. */
    static final class SimulatedWorkers extends Range<Integer> {
        SimulatedWorkers() {
            super(text -> count(text, 0, 100_000));
        }
    }

    /** {@code bench queue --simulate-tasks-per-worker}. */
    static final class TasksPerWorker extends Range<Integer> {
        TasksPerWorker() {
            super(text -> count(text, 1, 1000));
        }
    }

    /** {@code bench queue --time-scale}: the fraction of a simulated chunk's time that is slept. */
    static final class TimeScale extends Range<Double> {
        TimeScale() {
            super(text -> decimal(text, 0.001, 1));
        }
    }
}
