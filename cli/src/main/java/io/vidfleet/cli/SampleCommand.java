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

    @Option(names = "--seconds", defaultValue = "60", converter = OptionRanges.SampleSeconds.class, description = "length (default: ${DEFAULT-VALUE})")
    double seconds;

    @Option(names = "--size", defaultValue = "1280x720", converter = OptionRanges.FrameSize.class,
            description = "frame size WxH (default: ${DEFAULT-VALUE})")
    OptionRanges.Size size;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        SampleVideo.standard(seconds).withSize(size.width(), size.height())
                .writeTo(Ffmpeg.get(), file);
        spec.commandLine().getOut().println(file);
        return ExitCodes.OK;
    }
}
