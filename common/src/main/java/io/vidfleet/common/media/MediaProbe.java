package io.vidfleet.common.media;

import com.fasterxml.jackson.databind.JsonNode;
import io.vidfleet.common.error.BadInputException;
import io.vidfleet.common.error.MediaException;
import io.vidfleet.common.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Describes a media file with ffprobe: streams and format as JSON (small), then every packet of the
 * video stream and of the audio streams (timestamps and keyframe flags, no decoding), read as a stream
 * of lines so that memory stays bounded. It judges whether the timestamps can be cut on (see
 * {@link Timing}); when they cannot, one sequential decode counts the frames.
 */
public final class MediaProbe {
    /** Formats that carry a bare elementary stream: no container timestamps to cut on. */
    private static final Set<String> RAW_FORMATS = Set.of("mpegvideo", "mpeg1video", "mpeg2video", "m4v", "h264",
            "hevc", "vvc", "cavsvideo", "vc1", "h261", "h263", "rawvideo", "avs2", "avs3");
    /** Containers whose clock can jump forward (a broadcast splice): such a jump is a discontinuity. */
    private static final Set<String> CLOCKED_FORMATS = Set.of("mpegts", "mpeg", "mpegtsraw", "vob");
    private static final String PACKET_ENTRIES = "stream=index,codec_type,time_base:stream_disposition=attached_pic"
            + ":packet=stream_index,pts,dts,duration,flags";
    /** FFmpeg's stream specifier of the first video stream that is not cover art. */
    private static final String FIRST_VIDEO = "V:0";

    private final Ffmpeg ffmpeg;
    /** Runs the packet scans (a worker's holds them to its attempt's deadline and lease). */
    private final ProcessLauncher launcher;

    public MediaProbe(Ffmpeg ffmpeg) {
        this(ffmpeg, ProcessLauncher.of(ffmpeg));
    }

    public MediaProbe(Ffmpeg ffmpeg, ProcessLauncher launcher) {
        this.ffmpeg = ffmpeg;
        this.launcher = launcher;
    }

    /** Probes a file that must be a video; anything else is a {@link BadInputException} naming the problem. */
    public MediaInfo probeVideo(Path file) {
        checkReadable(file);
        InputPolicy.checkSelfContained(file);
        // A stream of its own per pass: on a damaged file, a pass over all streams stops at the first bad packet.
        // Neither pass needs the format probe, so all three run at once: a start spends what the longest takes.
        SidePass<PacketReader> videoPass = SidePass.start("probe-video", () -> read(file, FIRST_VIDEO));
        SidePass<PacketReader> audioPass = SidePass.start("probe-audio", () -> read(file, "a"));
        try {
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
            return describe(file, root, videoNode, format, videoPass, declaredAudio(root).isEmpty() ? null : audioPass);
        } finally {
            // done already unless something failed first (that verdict is the one reported) or no audio is declared
            videoPass.abandon();
            audioPass.abandon();
        }
    }

    private MediaInfo describe(Path file, JsonNode root, JsonNode videoNode, String format, SidePass<PacketReader> videoPass,
                               SidePass<PacketReader> audioPass) {
        String name = file.getFileName().toString();
        int videoIndex = videoNode.path("index").asInt();
        PacketReader.StreamPackets videoPackets = videoPackets(file, videoPass.join(), videoIndex);
        if (videoPackets.size == 0) {
            throw new BadInputException(name + " is not a decodable video: its video stream has no frames");
        }
        Rational timeBase = Rational.parse(videoNode.path("time_base").asText("1/1000"));
        VideoTrack track = videoTrack(videoNode);
        List<String> notes = new ArrayList<>();
        Timing timing = timing(format, videoPackets, timeBase, track);
        FrameTimeline frames = timing.decodeOrder() ? null : timeline(timeBase, videoPackets);
        int shared = frames == null ? 0 : sharedTimestamps(frames);
        if (shared > 0) {
            timing = Timing.decodeOrder(shared + " frames share a timestamp with another", timing.frameRate());
        }
        if (timing.decodeOrder()) {
            double approxSeconds = videoPackets.size * timing.frameSeconds();
            int decoded = countDecodedFrames(file, videoIndex, timing.frameRate(), approxSeconds);
            if (decoded == 0) {
                throw new BadInputException(name + " is not a decodable video: no frame decodes");
            }
            frames = FrameTimeline.decodeOrder(timing.frameRate(), decoded);
            notes.add(timing.reason() + ": planned on decode order (" + decoded + " frames), timed at "
                    + timing.frameRate() + " fps");
        } else {
            if (frames.size() == 0) {
                throw new BadInputException(name + " is not a decodable video: its video stream has no frames");
            }
        }
        AudioTrack audio = chooseAudio(audioPass == null ? null : audioPass.join(), root, notes, timing.decodeOrder());
        return new MediaInfo(file, format, root.path("format").path("start_time").asDouble(0),
                root.path("format").path("duration").asDouble(0), track, audio, frames, timing, notes);
    }

    /**
     * The packets of stream {@code videoIndex} from the pass over the first video stream: FFmpeg's {@code V} and
     * {@link #firstStream} both pass over cover art, and should they ever pick apart, the stream is read again.
     */
    private PacketReader.StreamPackets videoPackets(Path file, PacketReader firstVideo, int videoIndex) {
        boolean same = firstVideo.streams().stream().anyMatch(stream -> stream.index() == videoIndex);
        return (same ? firstVideo : read(file, Integer.toString(videoIndex))).packets(videoIndex);
    }

    /**
     * One pass over every packet of a well-formed file (no decoding): the first video stream's frame
     * timeline and the first audio stream's playing time.
     */
    public PacketScan packets(Path file) {
        PacketReader reader = read(file, null);
        PacketReader.StreamHeader video = reader.first("video", false);
        if (video == null) {
            throw new MediaException(file.getFileName() + " has no video stream", false);
        }
        PacketReader.StreamHeader audio = reader.first("audio", true);
        double audioSeconds = audio == null ? 0 : playingSeconds(audio.timeBase(), reader.packets(audio.index()));
        return new PacketScan(timeline(video.timeBase(), reader.packets(video.index())), audioSeconds);
    }

    /** The video frame timeline of a file (see {@link #packets}). */
    public FrameTimeline timeline(Path file) {
        return packets(file).video();
    }

    /** Format and streams only. */
    public JsonNode streams(Path file) {
        return probeJson(file, "-show_format", "-show_streams");
    }

    /**
     * Frames one sequential decode of the video yields, counted by FFmpeg with the same input options
     * and filters a decode-order chunk uses (so the count and the chunks agree frame for frame).
     */
    public int countDecodedFrames(Path file, int videoIndex, Rational frameRate, double approxSeconds) {
        List<String> input = new ArrayList<>(InputPolicy.inputOptions());
        input.addAll(List.of("-i", InputPolicy.url(file)));
        return countDecodedFrames(input, "0:" + videoIndex, frameRate, TimeLimits.decode(approxSeconds, file), file.getFileName().toString());
    }

    /**
     * Frames one sequential decode of the first video stream yields ({@code input}: FFmpeg's input options and
     * {@code -i}): the reference a stitched output is held to when chunks decoded to other than their packets.
     */
    public int countDecodedFrames(List<String> input, Duration limit, String name) {
        return countDecodedFrames(input, "0:v:0", new Rational(25, 1), limit, name);
    }

    private int countDecodedFrames(List<String> input, String map, Rational frameRate, Duration limit, String name) {
        AtomicInteger frames = new AtomicInteger(-1);
        List<String> args = new ArrayList<>(List.of("-progress", "pipe:1", "-nostats", "-fflags", "+genpts"));
        args.addAll(input);
        args.addAll(List.of("-map", map, "-vf", decodeOrderTiming(frameRate), "-fps_mode", "passthrough", "-f", "null", "-"));
        List<String> command = ffmpeg.ffmpeg(args.toArray(String[]::new));
        ProcessResult result = ffmpeg.runner(command).run(Duration.ofMinutes(2), limit, line -> {
            if (line.startsWith("frame=")) {
                frames.set(Integer.parseInt(line.substring(6).trim()));
            }
        });
        if (result.killed()) {
            throw new MediaException("counting the frames of " + name + " stopped: " + result.killReason(), true);
        }
        if (result.exitCode() != 0) {
            throw new BadInputException(name + " is not a decodable video: " + result.lastErrorLine());
        }
        return Math.max(0, frames.get());
    }

    /** The filter that times frame N at N / frameRate exactly (decode order, whatever the source said). */
    public static String decodeOrderTiming(Rational frameRate) {
        return "settb=" + frameRate.den() + "/" + frameRate.num() + ",setpts=N";
    }

    /** Judges the video's packet timestamps (in file order, i.e. decode order). */
    static Timing timing(String format, PacketReader.StreamPackets packets, Rational timeBase, VideoTrack track) {
        Rational rate = frameRate(packets, timeBase, track);
        String firstFormat = format.split(",")[0];
        if (RAW_FORMATS.contains(firstFormat)) {
            return Timing.decodeOrder("a raw " + track.codec() + " stream without a container has no usable timestamps", rate);
        }
        int missing = 0;
        for (int i = 0; i < packets.size; i++) {
            if (packets.pts[i] == Long.MIN_VALUE && (packets.flags[i] & PacketReader.StreamPackets.DISCARD) == 0) {
                missing++;
            }
        }
        if (missing > 0 && missing * 50L > packets.size) {
            return Timing.decodeOrder(missing + " of " + packets.size + " video packets carry no timestamp", rate);
        }
        double median = timeBase.seconds((long) medianStep(packets));
        long previous = Long.MIN_VALUE;
        for (int i = 0; i < packets.size; i++) {
            long dts = packets.dts[i];
            if (dts == Long.MIN_VALUE) {
                continue;
            }
            if (previous != Long.MIN_VALUE && dts < previous) {
                return Timing.decodeOrder(String.format(Locale.ROOT, "the timeline restarts at packet %d (%.3f s back to %.3f s)",
                        i, timeBase.seconds(previous), timeBase.seconds(dts)), rate);
            }
            if (previous != Long.MIN_VALUE && CLOCKED_FORMATS.contains(firstFormat)) {
                double step = timeBase.seconds(dts - previous);
                if (step > 5 && step > 20 * median) {
                    return Timing.decodeOrder(String.format(Locale.ROOT, "the timeline jumps by %.3f s at %.3f s",
                            step, timeBase.seconds(previous)), rate);
                }
            }
            previous = dts;
        }
        return Timing.timestamps(rate);
    }

    /** Frames whose timestamp equals the one before (a cut by time cannot tell them apart). */
    private static int sharedTimestamps(FrameTimeline frames) {
        int shared = 0;
        for (int i = 1; i < frames.size(); i++) {
            if (frames.pts()[i] == frames.pts()[i - 1]) {
                shared++;
            }
        }
        return shared;
    }

    /** The median step between increasing decode timestamps, in ticks (0: unknown). */
    private static double medianStep(PacketReader.StreamPackets packets) {
        long[] steps = new long[Math.min(packets.size, 5000)];
        int n = 0;
        for (int i = 1; i < packets.size && n < steps.length; i++) {
            if (packets.dts[i] != Long.MIN_VALUE && packets.dts[i - 1] != Long.MIN_VALUE && packets.dts[i] > packets.dts[i - 1]) {
                steps[n++] = packets.dts[i] - packets.dts[i - 1];
            }
        }
        if (n == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(steps, n);
        Arrays.sort(sorted);
        return sorted[n / 2];
    }

    /** Frames per second from the packets' usual step in decode order, else the stream's declared rate. */
    private static Rational frameRate(PacketReader.StreamPackets packets, Rational timeBase, VideoTrack track) {
        long step = (long) medianStep(packets);
        if (step > 0) {
            return reduce(timeBase.den(), step * timeBase.num());
        }
        Rational declared = track.averageFrameRate().num() > 0 ? track.averageFrameRate() : track.frameRate();
        return declared.num() > 0 ? declared : new Rational(25, 1);
    }

    private static Rational reduce(long num, long den) {
        long g = BigInteger.valueOf(num).gcd(BigInteger.valueOf(den)).longValue();
        return g == 0 ? new Rational(num, den) : new Rational(num / g, den / g);
    }

    /**
     * The first audio stream that carries packets. Declared streams without a single packet are
     * ignored, with a note; when none has packets the video is encoded alone.
     */
    /** The audio streams the file declares, cover art aside. */
    private static List<JsonNode> declaredAudio(JsonNode root) {
        List<JsonNode> declared = new ArrayList<>();
        for (JsonNode stream : root.path("streams")) {
            boolean coverArt = stream.path("disposition").path("attached_pic").asInt(0) == 1;
            if ("audio".equals(stream.path("codec_type").asText()) && !coverArt) {
                declared.add(stream);
            }
        }
        return declared;
    }

    /** The first declared audio stream that carries packets ({@code audio}: the audio pass; null: none declared). */
    private AudioTrack chooseAudio(PacketReader audio, JsonNode root, List<String> notes, boolean continuous) {
        List<JsonNode> declared = declaredAudio(root);
        if (declared.isEmpty()) {
            return null;
        }
        for (JsonNode stream : declared) {
            int index = stream.path("index").asInt();
            PacketReader.StreamPackets packets = audio.packets(index);
            if (packets.size == 0) {
                notes.add("audio stream #" + index + " (" + stream.path("codec_name").asText("unknown")
                        + ") is declared but carries no packets: ignored");
                continue;
            }
            Rational timeBase = Rational.parse(stream.path("time_base").asText("1/1000"));
            // a timeline that cannot be trusted is played continuously: every packet, one after the other
            double seconds = continuous ? packetSeconds(timeBase, packets) : playingSeconds(timeBase, packets);
            AudioTrack track = audioTrack(stream, seconds, root.path("format"));
            double packetSeconds = timeBase.seconds(packets.duration[0]);
            return new AudioTrack(track.index(), track.codec(), track.sampleRate(), track.channels(), track.startSeconds(),
                    track.durationSeconds(), track.language(), packetSeconds > 0 && packetSeconds < 1 ? packetSeconds : 0);
        }
        notes.add("no audio stream carries packets: the output is video-only");
        return null;
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
        StringBuilder json = new StringBuilder();
        ProcessResult result = launcher.run(ffmpeg.ffprobe(args.toArray(String[]::new)), TimeLimits.probe(file),
                line -> json.append(line).append('\n'));
        check(file, result);
        return Json.tree(json.toString());
    }

    /** Streams ffprobe's packet listing of the streams {@code selector} picks (null: all) into a reader. */
    private PacketReader read(Path file, String selector) {
        List<String> args = new ArrayList<>();
        if (selector != null) {
            args.addAll(List.of("-select_streams", selector));
        }
        args.addAll(InputPolicy.inputOptions());
        args.addAll(List.of("-show_entries", PACKET_ENTRIES, "-of", "compact", InputPolicy.url(file)));
        PacketReader reader = new PacketReader();
        ProcessResult result = launcher.run(ffmpeg.ffprobe(args.toArray(String[]::new)), TimeLimits.probe(file), reader::accept);
        check(file, result);
        return reader;
    }

    private static void check(Path file, ProcessResult result) {
        String refused = result.ok() ? null : InputPolicy.refusal(file, result.stderrTail());
        if (refused != null) {
            throw new BadInputException(refused);
        }
        if (result.killed()) {
            throw new MediaException("probing " + file.getFileName() + " stopped: " + result.killReason(), true);
        }
        if (!result.ok()) {
            throw new BadInputException(file.getFileName() + " is not readable media: " + result.lastErrorLine());
        }
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
     * Matroska DURATION tag can count a block that never plays). A timeline that restarts is summed
     * piece by piece.
     */
    private static double playingSeconds(Rational timeBase, PacketReader.StreamPackets packets) {
        long start = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        long total = 0;
        for (int i = 0; i < packets.size; i++) {
            long pts = packets.pts[i];
            if ((packets.flags[i] & PacketReader.StreamPackets.DISCARD) != 0 || pts == Long.MIN_VALUE) {
                continue;
            }
            if (end != Long.MIN_VALUE && pts < end - 4 * Math.max(1, packets.duration[i])) {
                total += end - start; // the timeline restarted: close this piece
                start = Long.MAX_VALUE;
                end = Long.MIN_VALUE;
            }
            start = Math.min(start, pts);
            end = Math.max(end, pts + packets.duration[i]);
        }
        if (start != Long.MAX_VALUE) {
            total += end - start;
        }
        return timeBase.seconds(total);
    }

    /** The sum of the packets' durations, leaving out packets marked to discard. */
    private static double packetSeconds(Rational timeBase, PacketReader.StreamPackets packets) {
        long total = 0;
        for (int i = 0; i < packets.size; i++) {
            if ((packets.flags[i] & PacketReader.StreamPackets.DISCARD) == 0) {
                total += packets.duration[i];
            }
        }
        return timeBase.seconds(total);
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

    private static FrameTimeline timeline(Rational timeBase, PacketReader.StreamPackets packets) {
        int kept = 0;
        Integer[] order = new Integer[packets.size];
        for (int i = 0; i < packets.size; i++) {
            byte flags = packets.flags[i];
            boolean skip = (flags & (PacketReader.StreamPackets.DISCARD | PacketReader.StreamPackets.CORRUPT)) != 0;
            if (ptsOf(packets, i) == Long.MIN_VALUE || skip) {
                continue; // no timestamp, a packet to discard, or one cut off by the end of a truncated file
            }
            order[kept++] = i;
        }
        Integer[] sorted = Arrays.copyOf(order, kept);
        Arrays.sort(sorted, Comparator.comparingLong(i -> ptsOf(packets, i)));
        long[] pts = new long[kept];
        long[] dts = new long[kept];
        boolean[] key = new boolean[kept];
        for (int k = 0; k < kept; k++) {
            int i = sorted[k];
            pts[k] = ptsOf(packets, i);
            dts[k] = packets.dts[i] != Long.MIN_VALUE ? packets.dts[i] : pts[k];
            key[k] = (packets.flags[i] & PacketReader.StreamPackets.KEY) != 0;
        }
        long lastDuration = kept == 0 ? 0 : packets.duration[sorted[kept - 1]];
        if (lastDuration <= 0 && kept > 1) {
            lastDuration = (pts[kept - 1] - pts[0]) / (kept - 1); // the average frame step
        }
        return new FrameTimeline(timeBase, pts, dts, key, lastDuration);
    }

    /** A packet's presentation time, else its decode time (Long.MIN_VALUE: neither). */
    private static long ptsOf(PacketReader.StreamPackets packets, int i) {
        return packets.pts[i] != Long.MIN_VALUE ? packets.pts[i] : packets.dts[i];
    }
}
