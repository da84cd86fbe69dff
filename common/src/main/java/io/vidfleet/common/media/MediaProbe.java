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
        InputPolicy.checkSelfContained(file);
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
        // A stream of its own per pass: on a damaged file, a pass over all streams stops at the first bad packet
        PacketScan packets = new PacketScan(packets(file, "v:0").video(), packets(file, "a:0").audioSeconds());
        if (packets.video().size() == 0) {
            throw new BadInputException(name + " is not a decodable video: its video stream has no frames");
        }
        JsonNode audioNode = firstStream(root, "audio");
        AudioTrack audio = audioNode == null ? null : audioTrack(audioNode, packets.audioSeconds(), root.path("format"));
        return new MediaInfo(file, format, root.path("format").path("start_time").asDouble(0),
                root.path("format").path("duration").asDouble(0), videoTrack(videoNode), audio, packets.video());
    }

    /**
     * One pass over every packet of a well-formed file (no decoding): the first video stream's frame
     * timeline and the first audio stream's playing time.
     */
    public PacketScan packets(Path file) {
        PacketScan scan = packets(file, null);
        if (scan.video() == null) {
            throw new MediaException(file.getFileName() + " has no video stream", false);
        }
        return scan;
    }

    /** Packets of the streams {@code selector} picks ({@code v:0}, {@code a:0}; null: all), in one pass. */
    private PacketScan packets(Path file, String selector) {
        List<String> args = new ArrayList<>();
        if (selector != null) {
            args.addAll(List.of("-select_streams", selector));
        }
        args.addAll(List.of("-show_entries", "stream=index,codec_type,time_base:stream_disposition=attached_pic"
                + ":packet=stream_index,pts,dts,duration,flags,pts_time,duration_time"));
        JsonNode root = probeJson(file, args.toArray(String[]::new));
        JsonNode video = firstStream(root, "video");
        JsonNode audio = firstStream(root, "audio");
        int videoIndex = video == null ? -1 : video.path("index").asInt();
        int audioIndex = audio == null ? -1 : audio.path("index").asInt();
        List<JsonNode> videoPackets = new ArrayList<>();
        List<JsonNode> audioPackets = new ArrayList<>();
        for (JsonNode p : root.path("packets")) {
            int index = p.path("stream_index").asInt(-1);
            if (index == videoIndex) {
                videoPackets.add(p);
            } else if (index == audioIndex) {
                audioPackets.add(p);
            }
        }
        FrameTimeline timeline = video == null ? null
                : timeline(Rational.parse(video.path("time_base").asText("1/1000")), videoPackets);
        return new PacketScan(timeline, playingSeconds(audioPackets));
    }

    /** The video frame timeline of a file (see {@link #packets}). */
    public FrameTimeline timeline(Path file) {
        return packets(file).video();
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
        args.addAll(InputPolicy.inputOptions());
        args.addAll(List.of("-of", "json", InputPolicy.url(file)));
        ProcessResult result = ffmpeg.run(ffmpeg.ffprobe(args.toArray(String[]::new)));
        String refused = result.ok() ? null : InputPolicy.refusal(file, result.stderrTail());
        if (refused != null) {
            throw new BadInputException(refused);
        }
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

    private static AudioTrack audioTrack(JsonNode s, double packetSeconds, JsonNode format) {
        return new AudioTrack(s.path("index").asInt(), s.path("codec_name").asText("unknown"),
                s.path("sample_rate").asInt(), s.path("channels").asInt(),
                s.path("start_time").asDouble(0), packetSeconds > 0 ? packetSeconds : streamSeconds(s, format),
                s.path("tags").path("language").asText(null));
    }

    /**
     * How long audio plays, from its packets: the end of the last minus the start of the first, leaving
     * out packets marked to discard (encoder priming). Containers' own figures are not always right (a
     * Matroska DURATION tag can count a block that never plays).
     */
    private static double playingSeconds(List<JsonNode> packets) {
        double start = Double.MAX_VALUE;
        double end = 0;
        for (JsonNode p : packets) {
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

    private static FrameTimeline timeline(Rational timeBase, List<JsonNode> videoPackets) {
        List<long[]> packets = new ArrayList<>();
        for (JsonNode p : videoPackets) {
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
