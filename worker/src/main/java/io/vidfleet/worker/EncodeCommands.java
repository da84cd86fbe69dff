package io.vidfleet.worker;

import io.vidfleet.common.media.Ffmpeg;
import io.vidfleet.common.media.InputPolicy;
import io.vidfleet.common.media.MediaProbe;
import io.vidfleet.common.media.Rational;
import io.vidfleet.common.plan.ChunkSpec;
import io.vidfleet.common.profile.Profile;
import io.vidfleet.common.storage.MediaInput;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The FFmpeg command lines of a worker. A chunk keeps the source's own timestamps while it is cut
 * ({@code -copyts}), is trimmed by timestamps that lie half way between frames, and is then moved to
 * start at zero; {@code -fps_mode passthrough} stops the encoder from dropping or duplicating frames.
 * Frames are never auto-rotated: the rotation stays metadata, put back at the stitch.
 */
final class EncodeCommands {
    private final Ffmpeg ffmpeg;

    EncodeCommands(Ffmpeg ffmpeg) {
        this.ffmpeg = ffmpeg;
    }

    List<String> videoChunk(MediaInput source, ChunkSpec chunk, boolean seek, Profile profile, int threads, Path output) {
        if (chunk.decodeOrder()) {
            return decodeOrderChunk(source, chunk, profile, threads, output);
        }
        List<String> args = new ArrayList<>(List.of("-progress", "pipe:1", "-nostats", "-fflags", "+genpts", "-noautorotate"));
        args.addAll(decodeThreads(threads));
        if (seek && chunk.seeks()) {
            // the trim below cuts exactly; FFmpeg's own cut at -ss would drop a keyframe sought just after it
            args.addAll(List.of("-ss", decimal(chunk.seekSeconds()), "-noaccurate_seek"));
        }
        args.add("-copyts");
        args.addAll(source.inputArgs());
        args.addAll(List.of("-map", "0:v:0", "-an", "-sn", "-dn",
                "-vf", trim(chunk) + "setpts=PTS-STARTPTS," + profile.scaleFilter(),
                "-fps_mode", "passthrough"));
        args.addAll(profile.videoArgs(threads));
        args.addAll(profile.chunkArgs(chunk.frames(), chunk.durationSeconds()));
        if (chunk.timescale() > 0) {
            args.addAll(List.of("-video_track_timescale", Long.toString(chunk.timescale())));
        }
        args.addAll(List.of("-f", "mp4", output.toString()));
        return ffmpeg.ffmpeg(args.toArray(String[]::new));
    }

    /**
     * A chunk of a source without usable timestamps: decode from the start, keep frames by their number
     * in decode order (exactly as the submit's frame count numbered them), time them at the source's
     * rate, and stop once the last is encoded.
     */
    private List<String> decodeOrderChunk(MediaInput source, ChunkSpec chunk, Profile profile, int threads, Path output) {
        Rational rate = Rational.parse(chunk.frameRate());
        List<String> args = new ArrayList<>(List.of("-progress", "pipe:1", "-nostats", "-fflags", "+genpts", "-noautorotate"));
        args.addAll(decodeThreads(threads));
        args.addAll(source.inputArgs());
        args.addAll(List.of("-map", "0:v:0", "-an", "-sn", "-dn",
                "-vf", "select='between(n," + chunk.startFrame() + "," + (chunk.endFrame() - 1) + ")',"
                        + MediaProbe.decodeOrderTiming(rate) + "," + profile.scaleFilter(),
                "-fps_mode", "passthrough", "-frames:v", Integer.toString(chunk.frames())));
        args.addAll(profile.videoArgs(threads));
        args.addAll(profile.chunkArgs(chunk.frames(), chunk.durationSeconds()));
        args.addAll(List.of("-video_track_timescale", Long.toString(rate.num()), "-f", "mp4", output.toString()));
        return ffmpeg.ffmpeg(args.toArray(String[]::new));
    }

    /**
     * The audio track, encoded once. {@code continuous}: a source whose timeline restarts or has no
     * timestamps gets them from the sample count, so every decoded sample plays, in order.
     */
    List<String> audio(MediaInput source, Integer stream, boolean continuous, Profile profile, Path output) {
        List<String> args = new ArrayList<>(List.of("-progress", "pipe:1", "-nostats"));
        if (continuous) {
            args.addAll(List.of("-fflags", "+genpts"));
        }
        args.addAll(source.inputArgs());
        args.addAll(List.of("-map", stream == null ? "0:a:0" : "0:" + stream, "-vn", "-sn", "-dn"));
        if (continuous) {
            args.addAll(List.of("-af", "asetpts=N/SR/TB"));
        }
        args.addAll(profile.audioArgs());
        args.addAll(List.of("-f", "mp4", output.toString()));
        return ffmpeg.ffmpeg(args.toArray(String[]::new));
    }

    /**
     * The decoder and the filters get the encoder's thread count too: a worker slot is sized to its
     * share of the cores, and FFmpeg's default (threads for every core, in every slot at once) spends
     * more CPU on handing frames between threads than it saves.
     */
    private static List<String> decodeThreads(int threads) {
        String count = Integer.toString(Math.max(1, threads));
        return List.of("-filter_threads", count, "-threads", count);
    }

    private static String trim(ChunkSpec chunk) {
        List<String> bounds = new ArrayList<>();
        if (chunk.trimStart() >= 0) {
            bounds.add("start=" + decimal(chunk.trimStart()));
        }
        if (chunk.trimEnd() >= 0) {
            bounds.add("end=" + decimal(chunk.trimEnd()));
        }
        return bounds.isEmpty() ? "" : "trim=" + String.join(":", bounds) + ",";
    }

    static String decimal(double seconds) {
        return String.format(Locale.ROOT, "%.6f", seconds);
    }
}
