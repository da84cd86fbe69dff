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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a submit learns of an input before it plans: that its size and frame size are within the limits, every
 * video packet (ffprobe, no decoding) and, on a side pass, that its first frame decodes. {@link #ahead} runs it on a
 * thread of its own, so that {@code local} probes while its cluster starts instead of after.
 */
public final class InputProbe {
    private final Ffmpeg ffmpeg;
    private final JobLimits limits;

    public InputProbe(Ffmpeg ffmpeg, JobLimits limits) {
        this.ffmpeg = ffmpeg;
        this.limits = limits;
    }

    /**
     * A probe of {@code input} under way; closing it waits for its processes, whatever they give. FFmpeg is found on
     * the probe's thread, so the caller goes on at once (a start parses its command line meanwhile); a missing
     * library fails {@link Ahead#join}. A bad limit in the environment throws here.
     */
    public static Ahead ahead(Path input) {
        JobLimits limits = JobLimits.fromEnvironment(System.getenv());
        return new Ahead(input, SidePass.start("probe-ahead", () -> new InputProbe(Ffmpeg.get(), limits).probe(input)));
    }

    /** A local input: its size first, then its packets and a decode of its first frame. */
    public ProbedInput probe(Path input) {
        checkInputSize(input);
        long started = System.currentTimeMillis();
        MediaInfo media = probeAndCheckDecodes(input);
        return new ProbedInput(input, media, started, System.currentTimeMillis());
    }

    /** A private copy of an input kept in the storage, whose size the storage already holds. */
    public MediaInfo probeCopy(Path copy) {
        return probeAndCheckDecodes(copy);
    }

    private void checkInputSize(Path input) {
        try {
            if (Files.isRegularFile(input)) {
                limits.checkInputSize(input, Files.size(input));
            }
        } catch (IOException e) {
            throw new BadInputException("cannot read input " + input + ": " + e.getMessage(), e);
        }
    }

    private MediaInfo probeAndCheckDecodes(Path input) {
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
        ProcessResult result = ffmpeg.run(ffmpeg.ffmpeg(decodeCheckArguments(input)), TimeLimits.probe(input));
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

    /**
     * On one decoder thread: FFmpeg's default starts a thread per core and decodes ahead on each, CPU that the
     * packet passes running beside it want, for a single frame.
     */
    static String[] decodeCheckArguments(Path input) {
        List<String> args = new ArrayList<>(InputPolicy.inputOptions());
        args.addAll(List.of("-threads", "1", "-i", InputPolicy.url(input), "-map", "0:v:0", "-frames:v", "1", "-f", "null", "-"));
        return args.toArray(String[]::new);
    }

    /** An input's probe and when it ran (epoch ms), for the job's phase log. */
    public record ProbedInput(Path input, MediaInfo media, long startedAt, long probedAt) {
    }

    /** A probe running on its own thread; {@link #join} gives its result or throws its failure as it was thrown. */
    public static final class Ahead implements AutoCloseable {
        private final Path input;
        private final SidePass<ProbedInput> pass;

        private Ahead(Path input, SidePass<ProbedInput> pass) {
            this.input = input;
            this.pass = pass;
        }

        public Path input() {
            return input;
        }

        public ProbedInput join() {
            return pass.join();
        }

        @Override
        public void close() {
            pass.settle();
        }
    }
}
