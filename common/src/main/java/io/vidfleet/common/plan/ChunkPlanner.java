package io.vidfleet.common.plan;

import io.vidfleet.common.error.BadInputException;
import io.vidfleet.common.media.FrameTimeline;
import io.vidfleet.common.media.Rational;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts a frame timeline into chunks of about the target length. A cut goes on a source keyframe when
 * one lies near the target (the chunk then decodes nothing it does not keep); otherwise, with long
 * GOPs, exactly at the target frame, and that chunk decodes from the keyframe before.
 *
 * <p>With {@code parallelism} slots to fill, the tail is cut finer (guided self-scheduling): once what
 * is left no longer gives every slot a full chunk, each chunk is what is left shared among the slots,
 * never under half the target. Workers take chunks in order, so the last ones end together instead of
 * one slot encoding a whole chunk while the others idle.
 */
public final class ChunkPlanner {
    /** How far from the target a keyframe may lie and still be preferred, as a share of the chunk length. */
    private static final double KEYFRAME_TOLERANCE = 0.25;
    /** A last chunk shorter than this share of the target is merged into the one before. */
    private static final double SHORTEST_LAST_CHUNK = 0.5;
    /** The most chunks of a source cut on decode order (each decodes from the file's start). */
    public static final int MAX_DECODE_ORDER_CHUNKS = 6;

    /** The shortest tail chunk, as a share of the target: shorter ones cost more in start-up than they balance. */
    private static final double SHORTEST_TAIL_CHUNK = 0.5;

    /**
     * The longest chunk of a fixed pool: a retry redoes at most this much, a task stays far inside its time limit,
     * and a chunk's start costs well under 1 % of it.
     */
    static final Duration LONGEST_POOL_CHUNK = Duration.ofMinutes(2);
    /** Decoding a frame a chunk does not keep costs about a third of encoding one. */
    private static final double DECODE_SHARE = 1.0 / 3;

    private final Duration target;
    private final int parallelism;
    private final boolean fixedPool;

    public ChunkPlanner(Duration target) {
        this(target, 1);
    }

    /** @param parallelism how many chunks run at once (the worker slots serving the job); 1: no finer tail */
    public ChunkPlanner(Duration target, int parallelism) {
        this(target, parallelism, false);
    }

    private ChunkPlanner(Duration target, int parallelism, boolean fixedPool) {
        if (target.isNegative() || target.isZero()) {
            throw new BadInputException("chunk length must be positive, got " + target.toMillis() / 1000.0 + " s");
        }
        this.target = target;
        this.parallelism = Math.max(1, parallelism);
        this.fixedPool = fixedPool;
    }

    /**
     * A planner for a pool of {@code slots} that will not grow (a {@code local} run): chunks go to the slots in turn,
     * each its slot's share of all the work, so that every slot ends together, and none longer than
     * {@link #LONGEST_POOL_CHUNK}. Every chunk costs an FFmpeg start (process, demuxer, decoder and encoder set-up,
     * and the chunk's probe): 0.2 to 0.4 CPU-seconds on a 2-core VM, 9 % of a 250-frame h264 chunk; with no worker
     * to join later, more chunks than that buy nothing. {@code target} keeps its other roles: how near a keyframe
     * must lie to take the cut, and the shortest chunk worth its start. A cluster plans with the target: workers that
     * join later need chunks left to take.
     */
    public static ChunkPlanner forFixedPool(Duration target, int slots) {
        return new ChunkPlanner(target, slots, true);
    }

    /** @param formatStartSeconds the container's start time: FFmpeg's {@code -ss} counts from it */
    public ChunkPlan plan(FrameTimeline frames, double formatStartSeconds) {
        return plan(frames, formatStartSeconds, KeyframeSeek.BY_DECODE_TIME);
    }

    /** @param seek how the source's demuxer finds a keyframe ({@link KeyframeSeek#forFormat}) */
    public ChunkPlan plan(FrameTimeline frames, double formatStartSeconds, KeyframeSeek seek) {
        List<Integer> starts = cutPoints(frames);
        List<ChunkSpec> chunks = new ArrayList<>();
        for (int i = 0; i < starts.size(); i++) {
            int start = starts.get(i);
            int end = i + 1 < starts.size() ? starts.get(i + 1) : frames.size();
            chunks.add(chunk(frames, i, start, end, formatStartSeconds, seek));
        }
        return new ChunkPlan(chunks, frames.size(), frames.endSeconds() - frames.seconds(0));
    }

    /**
     * Chunks for a source without usable timestamps: equal runs of frames in decode order. Each chunk
     * decodes the file from its start (nothing can be sought by time), so there are at most
     * {@link #MAX_DECODE_ORDER_CHUNKS}: decoding is cheap next to encoding, but not free.
     */
    public ChunkPlan planDecodeOrder(int frameCount, Rational frameRate) {
        double frameSeconds = (double) frameRate.den() / frameRate.num();
        double seconds = frameCount * frameSeconds;
        double targetSeconds = target.toMillis() / 1000.0;
        long byTarget = Math.round(seconds / targetSeconds);
        long wanted = fixedPool ? Math.max(Math.min(byTarget, parallelism), (long) Math.ceil(seconds / longest()))
                : byTarget;
        int count = (int) Math.max(1, Math.min(MAX_DECODE_ORDER_CHUNKS, wanted));
        count = Math.min(count, frameCount);
        List<ChunkSpec> chunks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int start = (int) ((long) frameCount * i / count);
            int end = (int) ((long) frameCount * (i + 1) / count);
            chunks.add(new ChunkSpec(i, start, end, start == 0, -1, -1, -1, start * frameSeconds,
                    (end - start) * frameSeconds, frameRate.num(), frameRate.toString()));
        }
        return new ChunkPlan(chunks, frameCount, seconds);
    }

    private List<Integer> cutPoints(FrameTimeline frames) {
        return fixedPool ? sharedCutPoints(frames) : targetCutPoints(frames);
    }

    /**
     * Each chunk goes to the slot that is free first and is that slot's share of all the work: what the slots hold
     * already plus what is left, over the slots. Work is counted in seconds of source, a chunk that starts between
     * keyframes also paying for the frames it decodes and throws away.
     */
    private List<Integer> sharedCutPoints(FrameTimeline frames) {
        double targetSeconds = target.toMillis() / 1000.0;
        double longest = longest();
        double[] held = new double[parallelism];
        List<Integer> starts = new ArrayList<>(List.of(0));
        int cursor = 0;
        while (true) {
            int slot = freeFirst(held);
            double remaining = frames.endSeconds() - frames.seconds(cursor);
            double share = Math.min(longest, (Arrays.stream(held).sum() + remaining) / parallelism - held[slot]);
            if (remaining - share < targetSeconds * SHORTEST_LAST_CHUNK) {
                return starts;
            }
            double goal = frames.seconds(cursor) + Math.max(share, targetSeconds * SHORTEST_TAIL_CHUNK);
            int next = cut(frames, cursor, goal, targetSeconds * KEYFRAME_TOLERANCE);
            if (next <= cursor || next >= frames.size()) {
                return starts;
            }
            held[slot] += cost(frames, cursor, next);
            starts.add(next);
            cursor = next;
        }
    }

    /** Seconds: the longest chunk of a fixed pool, unless the target is longer. */
    private double longest() {
        return Math.max(target.toMillis(), LONGEST_POOL_CHUNK.toMillis()) / 1000.0;
    }

    private static int freeFirst(double[] held) {
        int slot = 0;
        for (int i = 1; i < held.length; i++) {
            slot = held[i] < held[slot] ? i : slot;
        }
        return slot;
    }

    /** Seconds of source a chunk encodes, plus a third of those it decodes before its first frame. */
    private static double cost(FrameTimeline frames, int start, int end) {
        double decodedBefore = frames.seconds(start) - frames.seconds(frames.keyframeAtOrBefore(start));
        return frames.seconds(end) - frames.seconds(start) + decodedBefore * DECODE_SHARE;
    }

    private List<Integer> targetCutPoints(FrameTimeline frames) {
        List<Integer> starts = new ArrayList<>(List.of(0));
        int cursor = 0;
        while (true) {
            double seconds = chunkSeconds(frames.endSeconds() - frames.seconds(cursor));
            double goal = frames.seconds(cursor) + seconds;
            if (frames.endSeconds() - goal < seconds * SHORTEST_LAST_CHUNK) {
                return starts;
            }
            // the full target's tolerance even for a shorter tail chunk: a keyframe that near costs no decoding
            int next = cut(frames, cursor, goal, target.toMillis() / 1000.0 * KEYFRAME_TOLERANCE);
            if (next <= cursor || next >= frames.size()) {
                return starts;
            }
            starts.add(next);
            cursor = next;
        }
    }

    /** The target while {@code remaining} still gives every slot a full chunk; after that, its share of the rest. */
    private double chunkSeconds(double remaining) {
        double full = target.toMillis() / 1000.0;
        if (parallelism == 1 || remaining >= full * parallelism) {
            return full;
        }
        return Math.max(full * SHORTEST_TAIL_CHUNK, remaining / parallelism);
    }

    /** The keyframe nearest {@code goal} within the tolerance, else the first frame at or after it. */
    private static int cut(FrameTimeline frames, int after, double goal, double tolerance) {
        int atGoal = after + 1;
        while (atGoal < frames.size() && frames.seconds(atGoal) < goal) {
            atGoal++;
        }
        int best = -1;
        double bestDistance = Double.MAX_VALUE;
        for (int i = after + 1; i < frames.size() && frames.seconds(i) <= goal + tolerance; i++) {
            double distance = Math.abs(frames.seconds(i) - goal);
            if (frames.keyframe()[i] && distance <= tolerance && distance < bestDistance) {
                best = i;
                bestDistance = distance;
            }
        }
        return best >= 0 ? best : atGoal;
    }

    private static ChunkSpec chunk(FrameTimeline frames, int index, int start, int end, double formatStart,
                                   KeyframeSeek seekMode) {
        int keyframe = frames.keyframeAtOrBefore(start);
        double seek = keyframe > 0 ? seekTo(frames, keyframe, formatStart, seekMode) : -1;
        double trimStart = start == 0 ? -1 : midpoint(frames, start);
        double trimEnd = end >= frames.size() ? -1 : midpoint(frames, end);
        long timescale = frames.timeBase().num() == 1 ? frames.timeBase().den() : 0;
        return new ChunkSpec(index, start, end, keyframe == start, seek, trimStart, trimEnd,
                frames.seconds(start), frames.spanSeconds(start, end), timescale);
    }

    /**
     * Seeks to the keyframe's decode time: never after its index entry (whether the demuxer indexes
     * by decode or presentation time), so the seek lands on that keyframe or an earlier one.
     */
    private static double seekTo(FrameTimeline frames, int keyframe, double formatStart, KeyframeSeek mode) {
        if (mode == KeyframeSeek.BY_INDEX) {
            double justAfter = justAfter(frames, keyframe);
            if (justAfter > 0) {
                return Math.max(0, justAfter - formatStart);
            }
        }
        double dts = frames.timeBase().seconds(frames.dts()[keyframe]);
        double seconds = Math.floor((dts - formatStart) * 1_000_000) / 1_000_000 - 0.000001;
        return Math.max(0, seconds);
    }

    /**
     * Half way from the keyframe's timestamp to the first of: the next frame, the next keyframe's
     * timestamp and its decode time; so the last keyframe at or before it is this one, by either time.
     * Zero when there is no such room (timestamps out of order).
     */
    private static double justAfter(FrameTimeline frames, int keyframe) {
        long from = frames.pts()[keyframe];
        long until = keyframe + 1 < frames.size() ? frames.pts()[keyframe + 1] : from + frames.lastFrameDuration();
        for (int i = keyframe + 1; i < frames.size(); i++) {
            if (frames.keyframe()[i]) {
                until = Math.min(until, Math.min(frames.pts()[i], frames.dts()[i]));
                break;
            }
        }
        if (until <= from) {
            return 0;
        }
        return frames.timeBase().seconds(from) + frames.timeBase().seconds(until - from) / 2;
    }

    private static double midpoint(FrameTimeline frames, int frame) {
        return (frames.seconds(frame - 1) + frames.seconds(frame)) / 2;
    }
}
