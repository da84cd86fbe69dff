package io.vidfleet.testing;

import io.vidfleet.common.media.Ffmpeg;
import io.vidfleet.common.media.ProcessResult;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Average PSNR of an encode against its source, frames paired by timestamp, the source scaled to the encode's size. */
public final class Psnr {
    private static final Pattern AVERAGE = Pattern.compile("average:([0-9.]+|inf)");

    private Psnr() {
    }

    public static double average(Path encoded, Path source, int width, int height) {
        Ffmpeg ffmpeg = Ffmpeg.get();
        String graph = "[1:v]scale=" + width + ":" + height + ",format=yuv420p[ref];[0:v]format=yuv420p[enc];[enc][ref]psnr";
        ProcessResult result = ffmpeg.runner(List.of(ffmpeg.ffmpegPath().toString(), "-hide_banner", "-nostdin",
                "-noautorotate", "-i", encoded.toString(), "-noautorotate", "-i", source.toString(),
                "-lavfi", graph, "-f", "null", "-")).run(null);
        Matcher m = AVERAGE.matcher(result.stderrTail());
        if (!m.find()) {
            throw new AssertionError("no PSNR in ffmpeg output: " + result.stderrTail());
        }
        return m.group(1).equals("inf") ? 100 : Double.parseDouble(m.group(1));
    }
}
