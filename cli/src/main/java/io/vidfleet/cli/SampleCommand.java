package io.vidfleet.cli;

import io.vidfleet.common.media.Ffmpeg;
import io.vidfleet.common.media.SampleVideo;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "sample", mixinStandardHelpOptions = true,
        description = "Write a sample video (test pattern and tone, H.264 with B-frames and long GOPs, AAC) "
                + "made by the bundled FFmpeg.")
final class SampleCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "where to write it (.mp4)")
    Path file;

    @Option(names = "--seconds", defaultValue = "60", description = "length (default: ${DEFAULT-VALUE})")
    double seconds;

    @Option(names = "--size", defaultValue = "1280x720", description = "frame size WxH (default: ${DEFAULT-VALUE})")
    String size;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String[] wh = size.toLowerCase().split("x");
        if (wh.length != 2) {
            throw new io.vidfleet.common.error.BadInputException("--size must look like 1280x720, got " + size);
        }
        SampleVideo.standard(seconds).withSize(Integer.parseInt(wh[0]), Integer.parseInt(wh[1]))
                .writeTo(Ffmpeg.get(), file);
        spec.commandLine().getOut().println(file);
        return ExitCodes.OK;
    }
}
