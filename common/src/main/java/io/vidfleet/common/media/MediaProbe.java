package io.vidfleet.common.media;

import com.fasterxml.jackson.databind.JsonNode;
import io.vidfleet.common.error.BadInputException;
import io.vidfleet.common.error.MediaException;
import io.vidfleet.common.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Describes a media file with ffprobe: streams and format as JSON, then every packet of the first
 * video stream (timestamps and keyframe flags, no decoding) to get the exact frame timeline.
 */
public final class MediaProbe {
    private final Ffmpeg ffmpeg;

    public MediaProbe(Ffmpeg ffmpeg) {
        this.ffmpeg = ffmpeg;
    }

    /** Probes a file that must be a video; anything else is a {@link BadInputException} naming the problem. */
    public MediaInfo probeVideo(Path file) {
        checkReadable(file);
        JsonNode root = probeJson(file, "-show_format", "-show_streams");
        JsonNode videoNode = firstStream(root, "video");
        String name = file.getFileName().toString();
        if (videoNode == null) {
            throw new BadInputException(name + " is not a video: it has no video stream");
        }
        String format = root.path("format").path("format_name").asText("");
        if (format.contains("image2") || format.endsWith("_pipe")) {
            throw new BadInputException(name + " is a still image, not a video");
        }
        VideoTrack video = videoTrack(videoNode);
        JsonNode audioNode = firstStream(root, "audio");
        FrameTimeline frames = timeline(file, video);
        if (frames.size() == 0) {
            throw new BadInputException(name + " is not a decodable video: its video stream has no frames");
        }
        return new MediaInfo(file, format, root.path("format").path("start_time").asDouble(0),
                root.path("format").path("duration").asDouble(0), video,
                audioNode == null ? null : audioTrack(file, audioNode, root.path("format")), frames);
    }

    /** Counts the video packets of a file the fast way (no decoding): every encoded frame is one packet. */
    public FrameTimeline timeline(Path file) {
        JsonNode root = probeJson(file, "-show_streams");
        JsonNode videoNode = firstStream(root, "video");
        if (videoNode == null) {
            throw new MediaException(file.getFileName() + " has no video stream", false);
        }
        return timeline(file, videoTrack(videoNode));
    }

    /** Format and streams only. */
    public JsonNode streams(Path file) {
        return probeJson(file, "-show_format", "-show_streams");
    }

    private void checkReadable(Path file) {
        if (!Files.exists(file)) {
            throw new BadInputException("input not found: " + file);
        }
        if (!Files.isRegularFile(file)) {
            throw new BadInputException("input is not a regular file: " + file);
        }
        if (!Files.isReadable(file)) {
            throw new BadInputException("input is not readable: " + file);
        }
        try {
            if (Files.size(file) == 0) {
                throw new BadInputException("input is empty: " + file);
            }
        } catch (java.io.IOException e) {
            throw new BadInputException("cannot read input " + file + ": " + e.getMessage(), e);
        }
    }

    private JsonNode probeJson(Path file, String... what) {
        List<String> args = new ArrayList<>(List.of("-fflags", "+genpts"));
        args.addAll(List.of(what));
        args.addAll(List.of("-of", "json", file.toString()));
        ProcessResult result = ffmpeg.run(ffmpeg.ffprobe(args.toArray(String[]::new)));
        if (!result.ok()) {
            throw new BadInputException(file.getFileName() + " is not readable media: " + result.lastErrorLine());
        }
        return Json.tree(result.stdout());
    }

    private static JsonNode firstStream(JsonNode root, String type) {
        for (JsonNode stream : root.path("streams")) {
            boolean coverArt = stream.path("disposition").path("attached_pic").asInt(0) == 1;
            if (type.equals(stream.path("codec_type").asText()) && !coverArt) {
                return stream;
            }
        }
        return null;
    }

    private static VideoTrack videoTrack(JsonNode s) {
        return new VideoTrack(s.path("index").asInt(), s.path("codec_name").asText("unknown"),
                s.path("width").asInt(), s.path("height").asInt(), s.path("pix_fmt").asText(""),
                Rational.parse(s.path("r_frame_rate").asText("0/1")),
                Rational.parse(s.path("avg_frame_rate").asText("0/1")),
                rotation(s), s.path("duration").asDouble(0));
    }

    private static double rotation(JsonNode stream) {
        for (JsonNode side : stream.path("side_data_list")) {
            if (side.has("rotation")) {
                return side.path("rotation").asDouble();
            }
        }
        return stream.path("tags").path("rotate").asDouble(0);
    }

    private AudioTrack audioTrack(Path file, JsonNode s, JsonNode format) {
        double seconds = audioSeconds(file);
        return new AudioTrack(s.path("index").asInt(), s.path("codec_name").asText("unknown"),
                s.path("sample_rate").asInt(), s.path("channels").asInt(),
                s.path("start_time").asDouble(0), seconds > 0 ? seconds : streamSeconds(s, format),
                s.path("tags").path("language").asText(null));
    }

    /**
     * How long the first audio stream plays, from its packets: the end of the last minus the start of
     * the first, leaving out packets marked to discard (encoder priming). Containers' own figures are
     * not always right (a Matroska DURATION tag can count a block that never plays).
     */
    public double audioSeconds(Path file) {
        JsonNode root = probeJson(file, "-select_streams", "a:0", "-show_entries", "packet=pts_time,duration_time,flags");
        double start = Double.MAX_VALUE;
        double end = 0;
        for (JsonNode p : root.path("packets")) {
            if (p.path("flags").asText("").contains("D") || !p.hasNonNull("pts_time")) {
                continue;
            }
            double pts = p.path("pts_time").asDouble();
            start = Math.min(start, pts);
            end = Math.max(end, pts + p.path("duration_time").asDouble(0));
        }
        return start == Double.MAX_VALUE ? 0 : end - start;
    }

    /** A stream's duration: its own field, else Matroska's DURATION tag, else the container's. */
    public static double streamSeconds(JsonNode stream, JsonNode format) {
        if (stream.hasNonNull("duration")) {
            return stream.path("duration").asDouble();
        }
        String tag = stream.path("tags").path("DURATION").asText("");
        if (tag.matches("\\d+:\\d+:\\d+(\\.\\d+)?")) {
            String[] parts = tag.split(":");
            return Integer.parseInt(parts[0]) * 3600 + Integer.parseInt(parts[1]) * 60 + Double.parseDouble(parts[2]);
        }
        return format.path("duration").asDouble(0);
    }

    private FrameTimeline timeline(Path file, VideoTrack video) {
        JsonNode root = probeJson(file, "-select_streams", "v:" + 0, "-show_entries",
                "stream=time_base:packet=pts,dts,duration,flags");
        Rational timeBase = Rational.parse(root.path("streams").path(0).path("time_base").asText("1/1000"));
        List<long[]> packets = new ArrayList<>();
        for (JsonNode p : root.path("packets")) {
            long pts = ticks(p.get("pts"), ticks(p.get("dts"), Long.MIN_VALUE));
            String flags = p.path("flags").asText("");
            if (pts == Long.MIN_VALUE || flags.contains("D") || flags.contains("C")) {
                continue; // no timestamp, a packet to discard, or one cut off by the end of a truncated file
            }
            long dts = ticks(p.get("dts"), pts);
            long key = p.path("flags").asText("").startsWith("K") ? 1 : 0;
            packets.add(new long[] {pts, dts, key, ticks(p.get("duration"), 0)});
        }
        packets.sort(Comparator.comparingLong(p -> p[0]));
        int n = packets.size();
        long[] pts = new long[n];
        long[] dts = new long[n];
        boolean[] key = new boolean[n];
        for (int i = 0; i < n; i++) {
            pts[i] = packets.get(i)[0];
            dts[i] = packets.get(i)[1];
            key[i] = packets.get(i)[2] == 1;
        }
        long lastDuration = n == 0 ? 0 : packets.get(n - 1)[3];
        if (lastDuration <= 0 && n > 1) {
            lastDuration = (pts[n - 1] - pts[0]) / (n - 1); // the average frame step
        }
        return new FrameTimeline(timeBase, pts, dts, key, lastDuration);
    }

    private static long ticks(JsonNode value, long fallback) {
        if (value == null || value.isNull() || value.asText().equals("N/A") || value.asText().isEmpty()) {
            return fallback;
        }
        return value.asLong();
    }
}
