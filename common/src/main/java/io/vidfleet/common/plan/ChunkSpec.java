package io.vidfleet.common.plan;

/**
 * One video chunk: frames {@code [startFrame, endFrame)} of the source in presentation order.
 *
 * <p>The worker seeks the input to {@code seekSeconds} (a keyframe at or before the chunk; negative:
 * no seek), decodes, and keeps the frames whose timestamps lie in {@code [trimStart, trimEnd)}, both
 * taken half way between two frames so that rounding can never move a frame across a join (negative:
 * no bound). {@code durationSeconds} is the exact time from the chunk's first frame to the next
 * chunk's, so the stitch keeps variable frame rates as they were. {@code timescale} is the source's
 * time base denominator (0: unknown), kept in the chunk so that no timestamp is rounded.
 *
 * <p>{@code frameRate} is set (e.g. {@code 25/1}) only for a source whose timestamps cannot be cut on:
 * the chunk is then frames {@code [startFrame, endFrame)} of one sequential decode from the start of
 * the file, numbered in decode order and timed at that rate (no seek, no trim by time).
 */
public record ChunkSpec(int index, int startFrame, int endFrame, boolean startsOnKeyframe,
                        double seekSeconds, double trimStart, double trimEnd,
                        double startSeconds, double durationSeconds, long timescale, String frameRate) {

    public ChunkSpec(int index, int startFrame, int endFrame, boolean startsOnKeyframe,
                     double seekSeconds, double trimStart, double trimEnd,
                     double startSeconds, double durationSeconds, long timescale) {
        this(index, startFrame, endFrame, startsOnKeyframe, seekSeconds, trimStart, trimEnd, startSeconds,
                durationSeconds, timescale, null);
    }

    /**
     * One chunk covering these consecutive chunks (in order): it starts, seeks and trims as the first and
     * ends as the last, so it holds exactly the frames they held together.
     */
    public static ChunkSpec merge(java.util.List<ChunkSpec> run) {
        ChunkSpec first = run.get(0);
        ChunkSpec last = run.get(run.size() - 1);
        double duration = last.startSeconds + last.durationSeconds - first.startSeconds;
        return new ChunkSpec(first.index, first.startFrame, last.endFrame, first.startsOnKeyframe, first.seekSeconds,
                first.trimStart, last.trimEnd, first.startSeconds, duration, first.timescale, first.frameRate);
    }

    /** Frames chosen by their number in one sequential decode, not by timestamps. */
    public boolean decodeOrder() {
        return frameRate != null;
    }

    public int frames() {
        return endFrame - startFrame;
    }

    public boolean seeks() {
        return seekSeconds >= 0;
    }
}
