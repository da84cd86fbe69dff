package io.vidfleet.coordinator;

import io.vidfleet.common.error.BadInputException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The containers an output may be written in, chosen by the output file's extension. */
enum OutputFormat {
    MP4("mp4", true, "mp4", "m4v"),
    MOV("mov", true, "mov"),
    MATROSKA("matroska", false, "mkv");

    private final String muxer;
    private final boolean faststart;
    private final List<String> extensions;

    OutputFormat(String muxer, boolean faststart, String... extensions) {
        this.muxer = muxer;
        this.faststart = faststart;
        this.extensions = List.of(extensions);
    }

    String muxer() {
        return muxer;
    }

    /** MP4 and MOV get their index at the front, so players can start before the download ends. */
    boolean faststart() {
        return faststart;
    }

    static OutputFormat of(Path output) {
        String name = output.getFileName().toString().toLowerCase(Locale.ROOT);
        for (OutputFormat format : values()) {
            for (String extension : format.extensions) {
                if (name.endsWith("." + extension)) {
                    return format;
                }
            }
        }
        throw new BadInputException("unsupported output file " + output.getFileName() + " (use .mp4, .m4v, .mov or .mkv)");
    }
}
