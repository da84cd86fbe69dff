package io.vidfleet.common.plan;

import java.util.Set;

/**
 * How a chunk's {@code -ss} finds its keyframe. FFmpeg lands on the last keyframe at or before the
 * target; what "at or before" compares depends on the demuxer, and a seek that lands one keyframe
 * early costs a whole GOP of decoding thrown away (at 1080p about as much CPU as encoding a third of a
 * chunk), one that lands late loses frames.
 */
public enum KeyframeSeek {
    /** Any demuxer: the keyframe's decode time less a microsecond, early rather than late. */
    BY_DECODE_TIME,
    /**
     * Demuxers that seek on an index of keyframes by presentation time (ISO BMFF / QuickTime): a target
     * just after the keyframe's timestamp, before the next frame and the next keyframe's decode time,
     * lands on that keyframe whichever time the index holds.
     */
    BY_INDEX;

    /** FFmpeg's format names of the demuxers that seek {@link #BY_INDEX}. */
    private static final Set<String> INDEXED = Set.of("mov", "mp4", "m4a", "3gp", "3g2", "mj2");

    /** @param formatName FFmpeg's format name, e.g. {@code mov,mp4,m4a,3gp,3g2,mj2} */
    public static KeyframeSeek forFormat(String formatName) {
        if (formatName == null || formatName.isBlank()) {
            return BY_DECODE_TIME;
        }
        for (String name : formatName.split(",")) {
            if (!INDEXED.contains(name.trim())) {
                return BY_DECODE_TIME;
            }
        }
        return BY_INDEX;
    }
}
