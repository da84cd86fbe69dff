package io.vidfleet.common.profile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A named, fixed set of encoder settings. Jobs name a profile; they never carry FFmpeg arguments,
 * so no job spec can make a worker run arbitrary options. {@code queue} is the capability a worker
 * needs to serve it ({@code --queues h264,av1}).
 */
public record Profile(String name, String queue, String description, String codec,
                      List<String> encoderArgs, int maxHeight, String audioBitrate, Duration lease) {
    /** Encoders that ignore {@code -threads}: the parameters option and the key in it that sets their threads. */
    private static final Map<String, ThreadParameter> OWN_THREAD_PARAMETER = Map.of(
            "libsvtav1", new ThreadParameter("-svtav1-params", "lp"),
            "libx265", new ThreadParameter("-x265-params", "pools"));

    private record ThreadParameter(String option, String key) {
    }

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

    /** The FFmpeg video encoder the profile uses ({@code -c:v}), e.g. {@code libx264} or {@code h264_nvenc}. */
    public String encoder() {
        int flag = encoderArgs.indexOf("-c:v");
        return flag >= 0 && flag + 1 < encoderArgs.size() ? encoderArgs.get(flag + 1) : codec;
    }

    public List<String> audioArgs() {
        return List.of("-c:a", "aac", "-b:a", audioBitrate);
    }
}
