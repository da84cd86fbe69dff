package io.vidfleet.common.storage;

import io.vidfleet.common.media.InputPolicy;
import java.util.ArrayList;
import java.util.List;

/**
 * What FFmpeg opens to read a stored object: a local file, or a time-limited URL it reads with HTTP
 * range requests. {@code options} go before {@code -i} (for a URL: the protocols it may use, nothing else).
 */
public record MediaInput(String location, List<String> options) {
    public MediaInput {
        options = List.copyOf(options);
    }

    /** A local file, opened under the input policy (the file protocol, self-contained formats only). */
    public static MediaInput file(java.nio.file.Path path) {
        return new MediaInput(InputPolicy.url(path), InputPolicy.inputOptions());
    }

    /** {@code options..., -i, location}: ready to add to an FFmpeg command line. */
    public List<String> inputArgs() {
        List<String> args = new ArrayList<>(options);
        args.add("-i");
        args.add(location);
        return args;
    }
}
