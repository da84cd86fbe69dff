package io.vidfleet.cli.bench;

import io.vidfleet.common.error.MediaException;
import io.vidfleet.common.media.Ffmpeg;
import io.vidfleet.common.media.MediaProbe;
import io.vidfleet.common.media.PacketScan;
import io.vidfleet.common.media.ProcessResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures what the outputs are: frames and audio from their packets (no decoding), PSNR and SSIM by
 * decoding both files in one FFmpeg pass (the reference scaled to the output's size).
 */
final class QualityMeter {
    private static final Pattern PSNR = Pattern.compile("PSNR y:([0-9.]+|inf) .*average:([0-9.]+|inf)");
    private static final Pattern FRAME_PSNR_Y = Pattern.compile("^n:(\\d+) .*psnr_y:([0-9.]+|inf) psnr_u:(?:[0-9.]+|inf) psnr_v:(?:[0-9.]+|inf) *$");
    private static final Pattern SSIM = Pattern.compile("SSIM .*All:([0-9.]+)");
    private static final Duration STALL = Duration.ofMinutes(10);

    private final Ffmpeg ffmpeg;
    private final MediaProbe probe;

    QualityMeter(Ffmpeg ffmpeg) {
        this.ffmpeg = ffmpeg;
        this.probe = new MediaProbe(ffmpeg);
    }

    PacketScan packets(Path file) {
        return probe.packets(file);
    }

    /** PSNR and SSIM of {@code distorted} against {@code reference}, and its worst frame by PSNR-Y. */
    Comparison compare(Path distorted, Path reference) {
        int[] size = size(distorted);
        // stdout carries the psnr filter's per-frame lines and nothing else (no -progress): see WorstFrame
        List<String> command = new ArrayList<>(List.of(ffmpeg.ffmpegPath().toString(), "-hide_banner", "-nostdin",
                "-loglevel", "info", "-nostats", "-i", distorted.toString(), "-i", reference.toString(),
                "-lavfi", "[0:v]format=yuv420p,split=2[d1][d2];[1:v]scale=" + size[0] + ":" + size[1]
                        + ":flags=bicubic,format=yuv420p,split=2[r1][r2];[d1][r1]psnr=stats_file=-;[d2][r2]ssim",
                "-f", "null", "-"));
        WorstFrame worst = new WorstFrame();
        ProcessResult result = ffmpeg.runner(command).run(STALL, null, worst::accept);
        if (!result.ok()) {
            throw new MediaException("quality comparison failed: " + result.lastErrorLine(), false);
        }
        Matcher psnr = PSNR.matcher(result.stderrTail());
        Matcher ssim = SSIM.matcher(result.stderrTail());
        if (!psnr.find() || !ssim.find() || worst.score() == null) {
            throw new MediaException("quality comparison printed no PSNR/SSIM summary", false);
        }
        return new Comparison(number(psnr.group(1)), number(psnr.group(2)), Double.parseDouble(ssim.group(1)), worst.score());
    }

    record Comparison(double psnrY, double psnr, double ssim, FrameScore worst) {
    }

    /**
     * The lowest PSNR-Y among the psnr filter's per-frame lines ({@code n:1 ... psnr_y:41.2 ...}): an average
     * hides whether a loss is spread thin or sits in a few broken frames.
     */
    static final class WorstFrame {
        private FrameScore score;

        FrameScore score() {
            return score;
        }

        void accept(String line) {
            Matcher frame = FRAME_PSNR_Y.matcher(line);
            if (frame.find()) {
                double psnrY = number(frame.group(2));
                if (score == null || psnrY < score.psnrY()) {
                    score = new FrameScore(Integer.parseInt(frame.group(1)) - 1, psnrY);
                }
            }
        }
    }

    private int[] size(Path file) {
        for (var stream : probe.streams(file).path("streams")) {
            if ("video".equals(stream.path("codec_type").asText())) {
                return new int[] {stream.path("width").asInt(), stream.path("height").asInt()};
            }
        }
        throw new MediaException(file.getFileName() + " has no video stream", false);
    }

    Quality measure(int workers, Path source, Path single, Path fleet) {
        PacketScan src = packets(source);
        PacketScan one = packets(single);
        PacketScan many = packets(fleet);
        Comparison singleVsSource = compare(single, source);
        Comparison fleetVsSource = compare(fleet, source);
        Comparison fleetVsSingle = compare(fleet, single);
        return new Quality(workers, src.video().size(), one.video().size(), many.video().size(),
                singleVsSource.psnrY(), singleVsSource.psnr(), singleVsSource.ssim(),
                fleetVsSource.psnrY(), fleetVsSource.psnr(), fleetVsSource.ssim(),
                fleetVsSingle.psnrY(), fleetVsSingle.ssim(), src.audioSeconds(), one.audioSeconds(), many.audioSeconds(),
                singleVsSource.worst(), fleetVsSource.worst(), bytes(single), bytes(fleet));
    }

    private static long bytes(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double number(String text) {
        return text.equals("inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(text);
    }
}
