package io.vidfleet.common.profile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A named, fixed set of encoder settings. Jobs name a profile; they never carry FFmpeg arguments,
 * so no job spec can make a worker run arbitrary options. {@code queue} is the capability a worker
 * needs to serve it ({@code --queues h264,av1}). {@code decodeShare}: what decoding one frame of a 1080p H.264
 * source costs next to scaling and encoding one with this profile, in CPU time (one thread each); a chunk that starts
 * between keyframes pays it for every frame it decodes before its first one, and a fixed pool's planner counts it.
 */
public record Profile(String name, String queue, String description, String codec,
                      List<String> encoderArgs, int maxHeight, String audioBitrate, Duration lease, double decodeShare) {
    /** Encoders that ignore {@code -threads}: the parameters option and the key in it that sets their threads. */
    private static final Map<String, ThreadParameter> OWN_THREAD_PARAMETER = Map.of(
            "libsvtav1", new ThreadParameter("-svtav1-params", "lp"),
            "libx265", new ThreadParameter("-x265-params", "pools"));

    private record ThreadParameter(String option, String key) {
    }

    /**
     * Encoders whose own keyframe interval is shorter than a chunk (SVT-AV1: about 5 s, a chunk about 10): each
     * chunk already starts on a keyframe, so one more inside it starts a short GOP just before the next chunk's
     * keyframe. On the av1 bench that cost 0.14 dB of PSNR-Y and 1.1 % more bytes, and put a block artifact in
     * the short GOP. Av1an gives chunk encoders no keyframe interval of their own for the same reason.
     */
    private static final Set<String> CHUNK_IS_ONE_GOP = Set.of("libsvtav1");
    /** The longest chunk encoded as one GOP: a longer one keeps the encoder's own interval, for seeking. */
    private static final Duration LONGEST_ONE_GOP_CHUNK = Duration.ofSeconds(10);

    /** The filters after the chunk's trim: scale down (never up) to an even size. */
    public String scaleFilter() {
        String height = maxHeight > 0 ? "min(" + maxHeight + "\\,trunc(ih/2)*2)" : "trunc(ih/2)*2";
        return "scale=w=-2:h=" + height + ",format=yuv420p";
    }

    /**
     * The video encoder's arguments for {@code threads} threads. SVT-AV1 and x265 ignore {@code -threads}
     * and start threads for every core, so they are told in their own parameters too: otherwise each of
     * the slots sharing a machine runs the whole machine's threads.
     */
    public List<String> videoArgs(int threads) {
        String count = Integer.toString(Math.max(1, threads));
        List<String> args = new ArrayList<>(encoderArgs);
        ThreadParameter own = OWN_THREAD_PARAMETER.get(encoder());
        if (own != null) {
            int at = args.indexOf(own.option());
            if (at >= 0 && at + 1 < args.size()) {
                args.set(at + 1, args.get(at + 1) + ":" + own.key() + "=" + count);
            } else {
                args.addAll(List.of(own.option(), own.key() + "=" + count));
            }
        }
        args.addAll(List.of("-threads", count));
        return args;
    }

    /**
     * What one chunk of {@code frames} frames lasting {@code seconds} adds to {@link #videoArgs}: for an encoder in
     * {@link #CHUNK_IS_ONE_GOP}, a GOP as long as the chunk, so the chunk's first frame is its only keyframe.
     */
    public List<String> chunkArgs(int frames, double seconds) {
        if (!CHUNK_IS_ONE_GOP.contains(encoder()) || frames < 1 || seconds * 1000 > LONGEST_ONE_GOP_CHUNK.toMillis()) {
            return List.of();
        }
        return List.of("-g", Integer.toString(frames));
    }

    /** The FFmpeg video encoder the profile uses ({@code -c:v}), e.g. {@code libx264} or {@code h264_nvenc}. */
    public String encoder() {
        int flag = encoderArgs.indexOf("-c:v");
        return flag >= 0 && flag + 1 < encoderArgs.size() ? encoderArgs.get(flag + 1) : codec;
    }

    public List<String> audioArgs() {
        return List.of("-c:a", "aac", "-b:a", audioBitrate);
    }
}
