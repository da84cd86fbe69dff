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
 *
 * <p>A pool that will not grow ({@link #forFixedPool}) gets one chunk per slot, cut so that the slots end together
 * even though a chunk starting between keyframes first decodes what it throws away.
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

    private final Duration target;
    private final int parallelism;
    private final boolean fixedPool;
    /** A fixed pool's: what decoding a frame a chunk throws away costs, as a share of encoding one it keeps. */
    private final double decodeShare;

    public ChunkPlanner(Duration target) {
        this(target, 1);
    }

    /** @param parallelism how many chunks run at once (the worker slots serving the job); 1: no finer tail */
    public ChunkPlanner(Duration target, int parallelism) {
        this(target, parallelism, false, 0);
    }

    private ChunkPlanner(Duration target, int parallelism, boolean fixedPool, double decodeShare) {
        if (target.isNegative() || target.isZero()) {
            throw new BadInputException("chunk length must be positive, got " + target.toMillis() / 1000.0 + " s");
        }
        this.target = target;
        this.parallelism = Math.max(1, parallelism);
        this.fixedPool = fixedPool;
        this.decodeShare = decodeShare;
    }

    /**
     * A planner for a pool of {@code slots} that will not grow (a {@code local} run): chunks go to the slots in turn,
     * each its slot's share of all the work, so that every slot ends together, and none longer than
     * {@link #LONGEST_POOL_CHUNK}. Every chunk costs an FFmpeg start (process, demuxer, decoder and encoder set-up,
     * and the chunk's probe): 0.2 to 0.4 CPU-seconds on a 2-core VM, 9 % of a 250-frame h264 chunk; with no worker
     * to join later, more chunks than that buy nothing. {@code target} keeps its other roles: how near a keyframe
     * must lie to take the cut, and the shortest chunk worth its start. A cluster plans with the target: workers that
     * join later need chunks left to take.
     *
     * @param decodeShare what decoding a source frame costs next to encoding one ({@code Profile#decodeShare}): a
     *                    chunk that starts between keyframes decodes the frames from the keyframe before, and the
     *                    slots end together only when its cut counts them
     */
    public static ChunkPlanner forFixedPool(Duration target, int slots, double decodeShare) {
        return new ChunkPlanner(target, slots, true, decodeShare);
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
     * Chunks of the longest length (on a keyframe within the tolerance before it) while more is left than one round
     * of chunks no longer than that can even out; then that last round, each slot's chunk its last: {@link #lastRound}.
     */
    private List<Integer> sharedCutPoints(FrameTimeline frames) {
        double tolerance = target.toMillis() / 1000.0 * KEYFRAME_TOLERANCE;
        double[] held = new double[parallelism];
        List<Integer> starts = new ArrayList<>(List.of(0));
        int cursor = 0;
        while (cost(frames, cursor, frames.size()) > lastRoundTakes(held)) {
            int next = cutAtMost(frames, cursor, frames.seconds(cursor) + longest(), tolerance);
            if (frames.endSeconds() - frames.seconds(next) < shortestChunk()) {
                break; // too little would be left for a chunk of its own (a source of few keyframes gets here)
            }
            held[freeFirst(held)] += cost(frames, cursor, next);
            starts.add(next);
            cursor = next;
        }
        starts.addAll(lastRound(frames, held, cursor));
        return starts;
    }

    /** The most work one round of chunks no longer than the longest can share out so that every slot ends together. */
    private double lastRoundTakes(double[] held) {
        return parallelism * (Arrays.stream(held).min().orElse(0) + longest()) - Arrays.stream(held).sum();
    }

    /**
     * The cuts after {@code cursor} after which the slots end soonest, each slot (least loaded first) taking one
     * chunk: the least end at which {@link #packed} still covers every frame, found by halving. A chunk that starts
     * between keyframes pays for what it decodes before its first frame, so the chunks before it are longer.
     */
    private List<Integer> lastRound(FrameTimeline frames, double[] held, int cursor) {
        double low = Arrays.stream(held).min().orElse(0);
        double high = Arrays.stream(held).max().orElse(0) + cost(frames, cursor, frames.size());
        List<Integer> best = packed(frames, held, cursor, high);
        if (best == null) { // frames further apart than the longest chunk: the rest as one chunk
            return List.of();
        }
        while (high - low > frames.averageFrameSeconds() / 4) {
            double end = (low + high) / 2;
            List<Integer> cuts = packed(frames, held, cursor, end);
            if (cuts == null) {
                low = end;
            } else {
                high = end;
                best = cuts;
            }
        }
        return best;
    }

    /**
     * The cuts that give each slot in turn, least loaded first, the longest chunk that keeps it within {@code end}
     * and leaves no last chunk too short; null when the slots cannot take every frame so. The longest chunk is the
     * best one: with a decode share under 1, each frame more in a chunk takes a whole frame from the next one and
     * adds only the share of one to what that next chunk decodes first.
     */
    private List<Integer> packed(FrameTimeline frames, double[] held, int cursor, double end) {
        double shortest = shortestChunk();
        double[] loads = held.clone();
        Arrays.sort(loads);
        List<Integer> cuts = new ArrayList<>();
        int from = cursor;
        for (double load : loads) {
            if (load + cost(frames, from, frames.size()) <= end && frames.spanSeconds(from, frames.size()) <= longest()) {
                return cuts;
            }
            int next = longestWithin(frames, from, end - load);
            while (next > from && frames.endSeconds() - frames.seconds(next) < shortest) {
                next--;
            }
            if (next <= from || frames.seconds(next) - frames.seconds(from) < shortest) {
                return null;
            }
            cuts.add(next);
            from = next;
        }
        return null;
    }

    /** The last frame at which a chunk from {@code from} may end costing at most {@code budget}, or {@code from}. */
    private int longestWithin(FrameTimeline frames, int from, double budget) {
        int low = from;
        int high = frames.size() - 1;
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            boolean fits = cost(frames, from, mid) <= budget && frames.seconds(mid) - frames.seconds(from) <= longest();
            if (fits) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return low;
    }

    /** The keyframe nearest before {@code goal} within the tolerance, else the last frame at or before it. */
    private static int cutAtMost(FrameTimeline frames, int after, double goal, double tolerance) {
        int atGoal = after + 1;
        while (atGoal + 1 < frames.size() && frames.seconds(atGoal + 1) <= goal) {
            atGoal++;
        }
        for (int i = atGoal; i > after && frames.seconds(i) >= goal - tolerance; i--) {
            if (frames.keyframe()[i]) {
                return i;
            }
        }
        return atGoal;
    }

    /** Seconds: the shortest chunk of a fixed pool, the last one included. */
    private double shortestChunk() {
        return target.toMillis() / 1000.0 * Math.max(SHORTEST_TAIL_CHUNK, SHORTEST_LAST_CHUNK);
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

    /**
     * Seconds of source a chunk from {@code start} to {@code end} (exclusive; {@code size()}: the end) encodes, plus
     * the profile's share of those it decodes before its first frame.
     */
    private double cost(FrameTimeline frames, int start, int end) {
        return frames.spanSeconds(start, end) + decodedBefore(frames, start, frames.keyframeAtOrBefore(start)) * decodeShare;
    }

    /** Seconds from the keyframe a chunk decodes from to its first frame (none before the first keyframe). */
    private static double decodedBefore(FrameTimeline frames, int start, int keyframe) {
        return keyframe < 0 ? 0 : frames.seconds(start) - frames.seconds(keyframe);
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
