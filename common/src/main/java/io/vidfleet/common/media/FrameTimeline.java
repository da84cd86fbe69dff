package io.vidfleet.common.media;

/**
 * Every video frame of a stream in presentation order: its timestamp, the decode timestamp of its
 * packet and whether it is a keyframe. Frame {@code i} of a plan is index {@code i} here.
 */
public record FrameTimeline(Rational timeBase, long[] pts, long[] dts, boolean[] keyframe, long lastFrameDuration) {

    /** Frames numbered in decode order, frame N at N / frameRate (a source whose timestamps cannot be used). */
    public static FrameTimeline decodeOrder(Rational frameRate, int frames) {
        long[] ticks = new long[frames];
        boolean[] key = new boolean[frames];
        for (int i = 0; i < frames; i++) {
            ticks[i] = i;
        }
        if (frames > 0) {
            key[0] = true;
        }
        return new FrameTimeline(new Rational(frameRate.den(), frameRate.num()), ticks, ticks, key, 1);
    }

    public int size() {
        return pts.length;
    }

    public double seconds(int frame) {
        return timeBase.seconds(pts[frame]);
    }

    /** The time the stream ends: the last frame's timestamp plus its duration. */
    public double endSeconds() {
        return timeBase.seconds(pts[pts.length - 1] + lastFrameDuration);
    }

    /** Seconds from frame {@code from} to frame {@code to} (exclusive; {@code size()} means the end). */
    public double spanSeconds(int from, int to) {
        double end = to >= size() ? endSeconds() : seconds(to);
        return end - seconds(from);
    }

    /** The last keyframe at or before {@code frame}, or -1 when there is none. */
    public int keyframeAtOrBefore(int frame) {
        for (int i = frame; i >= 0; i--) {
            if (keyframe[i]) {
                return i;
            }
        }
        return -1;
    }

    /** The average duration of one frame in seconds, for tolerances. */
    public double averageFrameSeconds() {
        return size() == 0 ? 0 : (endSeconds() - seconds(0)) / size();
    }
}
