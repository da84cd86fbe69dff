package io.vidfleet.cli.bench;

import io.vidfleet.common.error.MediaException;
import io.vidfleet.common.media.Ffmpeg;
import io.vidfleet.common.media.ProcessResult;
import io.vidfleet.common.profile.Profile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The tool vidfleet replaces: one ffmpeg over the whole file with the profile's own encoder settings,
 * the same scaling and audio, and FFmpeg's default threads.
 */
final class SingleFfmpeg {
    private static final Duration STALL = Duration.ofMinutes(10);

    private final Ffmpeg ffmpeg;

    SingleFfmpeg(Ffmpeg ffmpeg) {
        this.ffmpeg = ffmpeg;
    }

    List<String> command(Path source, Profile profile, boolean audio, Path output) {
        List<String> args = new ArrayList<>(List.of("-progress", "pipe:1", "-nostats", "-noautorotate", "-i", source.toString(),
                "-map", "0:v:0"));
        if (audio) {
            args.addAll(List.of("-map", "0:a:0"));
        }
        args.addAll(List.of("-vf", profile.scaleFilter()));
        args.addAll(profile.encoderArgs()); // no -threads: FFmpeg's default
        if (audio) {
            args.addAll(profile.audioArgs());
        }
        args.addAll(List.of("-f", "mp4", output.toString()));
        return ffmpeg.ffmpeg(args.toArray(String[]::new));
    }

    /** Runs it; returns the wall time in ms. */
    long run(Path source, Profile profile, boolean audio, Path output) {
        long started = System.nanoTime();
        ProcessResult result = ffmpeg.runner(command(source, profile, audio, output)).run(STALL);
        long millis = (System.nanoTime() - started) / 1_000_000;
        if (!result.ok()) {
            throw new MediaException("the single ffmpeg run failed: " + result.lastErrorLine(), false);
        }
        return millis;
    }
}
