package io.vidfleet.common.media;

import io.vidfleet.common.error.MediaException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Makes test and demo videos with FFmpeg's lavfi sources (a moving test pattern and a tone), with the
 * traits that break naive chunking: long GOPs with B-frames, variable frame rate, odd frame sizes.
 */
public record SampleVideo(double seconds, int width, int height, String frameRate, int gop, int bframes,
                          boolean audio, boolean variableFrameRate, String codec) {

    public static SampleVideo standard(double seconds) {
        return new SampleVideo(seconds, 640, 360, "30000/1001", 250, 3, true, false, "libx264");
    }

    public SampleVideo withSize(int w, int h) {
        return new SampleVideo(seconds, w, h, frameRate, gop, bframes, audio, variableFrameRate, codec);
    }

    public SampleVideo withGop(int value) {
        return new SampleVideo(seconds, width, height, frameRate, value, bframes, audio, variableFrameRate, codec);
    }

    public SampleVideo withoutAudio() {
        return new SampleVideo(seconds, width, height, frameRate, gop, bframes, false, variableFrameRate, codec);
    }

    /** The first half at 30 fps, the second at 20 fps. */
    public SampleVideo withVariableFrameRate() {
        return new SampleVideo(seconds, width, height, "30", gop, bframes, audio, true, codec);
    }

    /** Lossless FFV1 in Matroska: any frame size, a codec other than H.264. */
    public SampleVideo withCodec(String value) {
        return new SampleVideo(seconds, width, height, frameRate, gop, bframes, audio, variableFrameRate, value);
    }

    public Path writeTo(Ffmpeg ffmpeg, Path file) {
        List<String> args = new ArrayList<>(List.of("-f", "lavfi", "-i",
                String.format(Locale.ROOT, "testsrc2=size=%dx%d:rate=%s:duration=%.3f", width, height, frameRate, seconds)));
        if (audio) {
            args.addAll(List.of("-f", "lavfi", "-i", String.format(Locale.ROOT, "sine=frequency=440:sample_rate=48000:duration=%.3f", seconds)));
        }
        if (variableFrameRate) {
            int half = (int) (seconds * 30 / 2);
            args.addAll(List.of("-vf", "settb=1/600,setpts='if(lt(N," + half + "),N*20," + half + "*20+(N-" + half + ")*30)'",
                    "-fps_mode", "passthrough", "-video_track_timescale", "600"));
        }
        args.addAll(List.of("-c:v", codec));
        if (codec.equals("libx264")) {
            args.addAll(List.of("-preset", "ultrafast", "-g", Integer.toString(gop), "-keyint_min", Integer.toString(gop),
                    "-sc_threshold", "0", "-bf", Integer.toString(bframes), "-pix_fmt", "yuv420p"));
        } else {
            args.addAll(List.of("-g", Integer.toString(gop)));
        }
        if (audio) {
            args.addAll(List.of("-c:a", "aac", "-b:a", "96k"));
        }
        args.add(file.toString());
        ProcessResult result = ffmpeg.run(ffmpeg.ffmpeg(args.toArray(String[]::new)));
        if (!result.ok()) {
            throw new MediaException("cannot make sample video: " + result.lastErrorLine(), false);
        }
        return file;
    }
}
