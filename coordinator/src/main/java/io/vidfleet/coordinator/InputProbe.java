package io.vidfleet.coordinator;

import io.vidfleet.common.error.BadInputException;
import io.vidfleet.common.error.MediaException;
import io.vidfleet.common.media.Ffmpeg;
import io.vidfleet.common.media.InputPolicy;
import io.vidfleet.common.media.MediaInfo;
import io.vidfleet.common.media.MediaProbe;
import io.vidfleet.common.media.ProcessResult;
import io.vidfleet.common.media.SidePass;
import io.vidfleet.common.media.TimeLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a submit learns of a local input before it plans: its size against the limits, its streams and packets,
 * and, beside them, its first frame's decode. It writes nothing, so it may start before the submit, beside other
 * start-up work ({@link #startEarly}).
 */
public final class InputProbe {
    private final Ffmpeg ffmpeg;
    private final JobLimits limits;

    InputProbe(Ffmpeg ffmpeg, JobLimits limits) {
        this.ffmpeg = ffmpeg;
        this.limits = limits;
    }

    /** A probe of {@code input} under way on a thread of its own, for a submit to take up ({@link JobSubmitter#withEarlyProbe}). */
    public static Early startEarly(Path input, JobLimits limits) {
        InputProbe probe = new InputProbe(Ffmpeg.get(), limits);
        return new Early(input, System.currentTimeMillis(), SidePass.start("early-probe", () -> probe.probe(input)));
    }

    /** A probe started early: its input, when it started (ms), and its result or failure once it is done. */
    public record Early(Path input, long startedAt, SidePass<MediaInfo> pass) {
        /** Its result; its failure is thrown as the submit's own probe would have thrown it. */
        MediaInfo join() {
            return pass.join();
        }

        /** Waits for it to end, whatever it gives: for a caller failing before its submit took it up. */
        public void settle() {
            pass.settle();
        }
    }

    MediaInfo probe(Path input) {
        checkSize(input);
        return probeAndCheckDecodes(input);
    }

    private void checkSize(Path input) {
        try {
            if (Files.isRegularFile(input)) {
                limits.checkInputSize(input, Files.size(input));
            }
        } catch (java.io.IOException e) {
            throw new BadInputException("cannot read input " + input + ": " + e.getMessage(), e);
        }
    }

    /**
     * The probe, and beside it the first frame's decode: independent passes over the input. The probe's verdict
     * on a bad input comes first, as if they had run one after the other.
     */
    MediaInfo probeAndCheckDecodes(Path input) {
        SidePass<Void> decodes = SidePass.start("decode-check", () -> {
            checkDecodes(input);
            return null;
        });
        MediaInfo media;
        try {
            media = new MediaProbe(ffmpeg).probeVideo(input);
            limits.checkFrameSize(input, media.video().width(), media.video().height());
        } catch (RuntimeException e) {
            decodes.settle();
            throw e;
        }
        decodes.join();
        return media;
    }

    /** The probe reads packets only; decoding the first frame catches a stream no decoder can read. */
    private void checkDecodes(Path input) {
        List<String> args = new ArrayList<>(InputPolicy.inputOptions());
        args.addAll(List.of("-i", InputPolicy.url(input), "-map", "0:v:0", "-frames:v", "1", "-f", "null", "-"));
        ProcessResult result = ffmpeg.run(ffmpeg.ffmpeg(args.toArray(String[]::new)), TimeLimits.probe(input));
        String refused = result.ok() ? null : InputPolicy.refusal(input, result.stderrTail());
        if (refused != null) {
            throw new BadInputException(refused);
        }
        if (result.killed()) {
            throw new MediaException("decoding the first frame of " + input.getFileName() + " stopped: " + result.killReason(), true);
        }
        if (!result.ok()) {
            throw new BadInputException(input.getFileName() + " is not a decodable video: " + result.lastErrorLine());
        }
    }
}
