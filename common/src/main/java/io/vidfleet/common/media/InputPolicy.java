package io.vidfleet.common.media;

import io.vidfleet.common.error.BadInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What FFmpeg may open when it reads a source: through the {@code file} protocol only, and with a
 * demuxer of a self-contained file. Playlists (HLS, DASH), concat lists, image sequences and other
 * formats that name further files are refused, so a 100-byte playlist can never make a worker read a
 * private file outside the storage. Every place that opens a source adds {@link #inputOptions()}
 * before its {@code -i}.
 */
public final class InputPolicy {
    /** Protocols a source may be read through (an object store's scheme joins when it is supported). */
    public static final List<String> PROTOCOLS = List.of("file");
    /** Demuxers of files that contain their media themselves. */
    public static final List<String> DEMUXERS = List.of("mov", "matroska", "avi", "mpegts", "mpeg", "mpegvideo", "flv",
            "ogg", "asf", "mxf", "nut", "ivf", "h264", "hevc", "m4v", "obu", "dv", "yuv4mpegpipe", "wav", "aac", "mp3");

    private InputPolicy() {
    }

    /** The input options that enforce the policy; they go right before {@code -i}. */
    public static List<String> inputOptions() {
        return inputOptions(String.join(",", PROTOCOLS));
    }

    /** The same for a source read through other protocols (an object store's presigned URL: {@code https,tls,tcp}). */
    public static List<String> inputOptions(String protocols) {
        return List.of("-protocol_whitelist", protocols, "-format_whitelist", String.join(",", DEMUXERS));
    }

    /** The source as FFmpeg should name it: {@code file:} so no part of a file name is read as a protocol. */
    public static String url(Path file) {
        return "file:" + file.toAbsolutePath();
    }

    /**
     * Refuses, with one line naming it, a file that is a list of other files (checked from its first
     * bytes, before FFmpeg sees it); FFmpeg's whitelist refuses the rest.
     */
    public static void checkSelfContained(Path file) {
        String head;
        try (InputStream in = Files.newInputStream(file)) {
            head = new String(in.readNBytes(512), StandardCharsets.ISO_8859_1).replace("\u00ef\u00bb\u00bf", "") // a UTF-8 BOM
                    .stripLeading().toLowerCase(Locale.ROOT);
        } catch (IOException e) {
            throw new BadInputException("cannot read input " + file + ": " + e.getMessage(), e);
        }
        String name = file.getFileName().toString();
        if (head.startsWith("#extm3u")) {
            throw new BadInputException(name + " is a playlist (HLS): inputs that refer to other files are refused");
        }
        if (head.startsWith("ffconcat") || head.startsWith("file ")) {
            throw new BadInputException(name + " is a concat list: inputs that refer to other files are refused");
        }
        if (head.startsWith("<?xml") && head.contains("<mpd") || head.startsWith("<mpd")) {
            throw new BadInputException(name + " is a DASH manifest: inputs that refer to other files are refused");
        }
        if (head.startsWith("[playlist]") || head.startsWith("<smil") || head.startsWith("<asx")) {
            throw new BadInputException(name + " is a playlist: inputs that refer to other files are refused");
        }
    }

    /** A one-line reason when FFmpeg refused a source under this policy, else null. */
    public static String refusal(Path file, String stderr) {
        if (stderr.contains("not on whitelist") || stderr.contains("not on the whitelist")) {
            return file.getFileName() + " is in a format vidfleet does not read (a playlist, list or image sequence, "
                    + "or not a self-contained video file: mp4/mov, mkv/webm, avi, ts, ...)";
        }
        return null;
    }
}
