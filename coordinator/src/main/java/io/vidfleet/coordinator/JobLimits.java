package io.vidfleet.coordinator;

import io.vidfleet.common.error.BadInputException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * What one job may ask of the cluster, checked at submit before anything is written: tasks per job (a
 * {@code create_job} of 80,000 tasks blocks Redis for a second), frame size (FFmpeg's memory grows with
 * it), input size, the size of the job's record in Redis, and how long one attempt of a task may run.
 * An operator sets them with {@code VIDFLEET_MAX_*} environment variables on the nodes that submit.
 */
public record JobLimits(int maxTasks, int maxWidth, int maxHeight, long maxInputBytes, long maxSpecBytes,
                        Duration maxTaskTime, Duration defaultTaskTime) {

    public static JobLimits defaults() {
        return new JobLimits(10_000, 8192, 4352, 512L << 30, 16L << 20, Duration.ofHours(24), Duration.ofHours(2));
    }

    /** The defaults, each overridden by its environment variable when set. */
    public static JobLimits fromEnvironment(Map<String, String> env) {
        JobLimits d = defaults();
        int[] frame = env.containsKey("VIDFLEET_MAX_FRAME_SIZE") ? frameSize(env.get("VIDFLEET_MAX_FRAME_SIZE"))
                : new int[] {d.maxWidth, d.maxHeight};
        Duration maxTaskTime = Duration.ofSeconds(number(env, "VIDFLEET_MAX_TASK_SECONDS", d.maxTaskTime.toSeconds()));
        Duration defaultTaskTime = d.defaultTaskTime.compareTo(maxTaskTime) > 0 ? maxTaskTime : d.defaultTaskTime;
        return new JobLimits((int) Math.min(Integer.MAX_VALUE, number(env, "VIDFLEET_MAX_TASKS", d.maxTasks)),
                frame[0], frame[1], number(env, "VIDFLEET_MAX_INPUT_BYTES", d.maxInputBytes),
                number(env, "VIDFLEET_MAX_SPEC_BYTES", d.maxSpecBytes), maxTaskTime, defaultTaskTime);
    }

    public void checkInputSize(Path input, long bytes) {
        if (bytes > maxInputBytes) {
            throw new BadInputException(input.getFileName() + " is " + bytes + " bytes, more than the limit of "
                    + maxInputBytes + " (VIDFLEET_MAX_INPUT_BYTES)");
        }
    }

    public void checkFrameSize(Path input, int width, int height) {
        if (width > maxWidth || height > maxHeight || (long) width * height > (long) maxWidth * maxHeight) {
            throw new BadInputException(input.getFileName() + " has " + width + "x" + height + " frames, larger than the limit of "
                    + maxWidth + "x" + maxHeight + " (VIDFLEET_MAX_FRAME_SIZE)");
        }
    }

    public void checkTasks(int tasks) {
        if (tasks > maxTasks) {
            throw new BadInputException("the job would have " + tasks + " tasks, more than the limit of " + maxTasks
                    + " (use a longer --chunk-seconds; VIDFLEET_MAX_TASKS)");
        }
    }

    public void checkSpecBytes(long bytes) {
        if (bytes > maxSpecBytes) {
            throw new BadInputException("the job's record would take " + bytes + " bytes in Redis, more than the limit of "
                    + maxSpecBytes + " (VIDFLEET_MAX_SPEC_BYTES)");
        }
    }

    /** The time one attempt of a task may run: as asked (at most the limit), else the default. */
    public Duration taskTime(Duration requested) {
        if (requested == null) {
            return defaultTaskTime;
        }
        if (requested.compareTo(maxTaskTime) > 0) {
            throw new BadInputException("--task-timeout of " + requested.toSeconds() + " s is more than the limit of "
                    + maxTaskTime.toSeconds() + " s (VIDFLEET_MAX_TASK_SECONDS)");
        }
        return requested;
    }

    private static long number(Map<String, String> env, String name, long fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            long parsed = Long.parseLong(value.trim());
            if (parsed < 1) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new BadInputException(name + " must be a positive whole number, got '" + value + "'");
        }
    }

    private static int[] frameSize(String value) {
        String[] wh = value.toLowerCase(Locale.ROOT).split("x");
        try {
            int[] size = {Integer.parseInt(wh[0].trim()), Integer.parseInt(wh[1].trim())};
            if (wh.length != 2 || size[0] < 16 || size[1] < 16) {
                throw new NumberFormatException();
            }
            return size;
        } catch (RuntimeException e) {
            throw new BadInputException("VIDFLEET_MAX_FRAME_SIZE must look like 8192x4352, got '" + value + "'");
        }
    }
}
