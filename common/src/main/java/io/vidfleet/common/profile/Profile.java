package io.vidfleet.common.profile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A named, fixed set of encoder settings. Jobs name a profile; they never carry FFmpeg arguments,
 * so no job spec can make a worker run arbitrary options. {@code queue} is the capability a worker
 * needs to serve it ({@code --queues h264,av1}).
 */
public record Profile(String name, String queue, String description, String codec,
                      List<String> encoderArgs, int maxHeight, String audioBitrate, Duration lease) {

    /** The filters after the chunk's trim: scale down (never up) to an even size. */
    public String scaleFilter() {
        String height = maxHeight > 0 ? "min(" + maxHeight + "\\,trunc(ih/2)*2)" : "trunc(ih/2)*2";
        return "scale=w=-2:h=" + height + ",format=yuv420p";
    }

    /** The video encoder's arguments for {@code threads} threads. */
    public List<String> videoArgs(int threads) {
        List<String> args = new ArrayList<>(encoderArgs);
        args.addAll(List.of("-threads", Integer.toString(Math.max(1, threads))));
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
