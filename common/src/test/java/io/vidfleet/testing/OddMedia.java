package io.vidfleet.testing;

import io.vidfleet.common.media.Ffmpeg;
import io.vidfleet.common.media.ProcessResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Small generated equivalents of real files that break naive chunking (issue 7's table): raw elementary
 * streams without timestamps, AVI with B-frames, a transport stream whose timeline restarts, an MP4 with
 * damaged slices, declared-but-empty and undecodable audio. A few seconds at 160x120 each, made once per JVM.
 */
public final class OddMedia {
    private static final Map<String, Path> MADE = new ConcurrentHashMap<>();
    private static final Ffmpeg FFMPEG = Ffmpeg.get();
    private static final String VIDEO = "testsrc2=size=160x120:rate=25:duration=";
    private static final int TS_PACKET = 188;

    private OddMedia() {
    }

    /** MPEG-1 video with B-frames, no container, no timestamps (ffprobe's duration is nonsense). */
    public static Path rawMpeg1() {
        return make("raw.m1v", f -> ffmpeg("-f", "lavfi", "-i", VIDEO + "4", "-c:v", "mpeg1video", "-bf", "2", "-g", "12",
                "-f", "mpeg1video", f.toString()));
    }

    /** MPEG-2 video, mostly B-frames (8 between references), no container. */
    public static Path rawMpeg2ManyBFrames() {
        return make("raw-many-b.m2v", f -> ffmpeg("-f", "lavfi", "-i", VIDEO + "4", "-c:v", "mpeg2video", "-bf", "8", "-g", "60",
                "-f", "mpeg2video", f.toString()));
    }

    /** AVI, MPEG-4 Part 2 (XVID tag) with B-frames (packets in decode order, most without a timestamp), AC-3 audio. */
    public static Path aviMpeg4BFrames() {
        return make("mpeg4-bframes.avi", f -> ffmpeg("-f", "lavfi", "-i", VIDEO + "4", "-f", "lavfi", "-i", "sine=duration=4",
                "-c:v", "mpeg4", "-vtag", "XVID", "-bf", "2", "-g", "50", "-c:a", "ac3", f.toString()));
    }

    /**
     * AVI, MPEG-4 ASP in XviD's packed bitstream (each B-VOP inside the P-VOP's packet, then an N-VOP placeholder;
     * see {@link PackedAvi}), no packet timestamps, AC-3 audio: the class of two real files of issue 7.
     */
    public static Path aviPackedBFrames() {
        return make("xvid-packed.avi", f -> {
            Path raw = f.resolveSibling("xvid-packed.m4v");
            Path video = f.resolveSibling("xvid-packed-video.avi");
            ffmpeg("-f", "lavfi", "-i", VIDEO + "4", "-c:v", "mpeg4", "-bf", "1", "-g", "25", "-f", "m4v", raw.toString());
            write(video, PackedAvi.pack(read(raw), 160, 120, 25));
            ffmpeg("-i", video.toString(), "-f", "lavfi", "-i", "sine=duration=4", "-map", "0:v", "-map", "1:a",
                    "-c:v", "copy", "-c:a", "ac3", "-shortest", f.toString());
        });
    }

    /** Two transport streams joined byte for byte: the timeline restarts in the middle (audio too). */
    public static Path transportStreamRestart() {
        return make("restart.ts", f -> {
            Path half = f.resolveSibling("restart-half.ts");
            ffmpeg("-f", "lavfi", "-i", VIDEO + "2", "-f", "lavfi", "-i", "sine=duration=2", "-c:v", "libx264",
                    "-preset", "ultrafast", "-bf", "2", "-g", "25", "-c:a", "aac", "-f", "mpegts", half.toString());
            byte[] bytes = read(half);
            byte[] joined = new byte[bytes.length * 2];
            System.arraycopy(bytes, 0, joined, 0, bytes.length);
            System.arraycopy(bytes, 0, joined, bytes.length, bytes.length);
            write(f, joined);
        });
    }

    /**
     * The restarting transport stream remuxed into Matroska keeping its timestamps: the muxer clamps the
     * second half's to the last one it wrote, so half the frames share a timestamp (one plain ffmpeg to
     * MP4 keeps 51 of its 100 frames).
     */
    public static Path matroskaBrokenTimeline() {
        return make("broken-timeline.mkv", f -> ffmpeg("-copyts", "-i", transportStreamRestart().toString(), "-c", "copy",
                "-f", "matroska", f.toString()));
    }

    /**
     * H.264 with B-frames in MP4, MP3 audio, two IDR slices damaged (their NAL type made non-IDR): the
     * decoder drops a frame at each ("no frame!"), so the packets promise more frames than decode.
     */
    public static Path mp4DamagedSlices() {
        return make("damaged-slices.mp4", f -> {
            ffmpeg("-f", "lavfi", "-i", "testsrc2=size=160x120:rate=30:duration=4", "-f", "lavfi", "-i", "sine=duration=4",
                    "-c:v", "libx264", "-preset", "ultrafast", "-bf", "2", "-g", "30", "-c:a", "libmp3lame", f.toString());
            List<Long> keyframes = keyframePositions(f);
            try (RandomAccessFile file = new RandomAccessFile(f.toFile(), "rw")) {
                for (long position : keyframes.subList(1, 3)) {
                    file.seek(position + 4); // after the 4-byte NAL length: the NAL header
                    int header = file.read();
                    if ((header & 0x1f) != 5) {
                        throw new IllegalStateException("expected an IDR slice at " + position + ", found NAL " + header);
                    }
                    file.seek(position + 4);
                    file.write((header & 0xe0) | 1);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * MJPEG in AVI, 30 fps, 4 s (120 frames), packets {@code [from, to)} zeroed (AVI chunk header and JPEG data):
     * those frames decode to nothing ("No JPEG data found"), the rest decode, and the index still seeks.
     * With 1 s chunks, a chunk wholly inside the range decodes to no frame at all.
     */
    public static Path mjpegWithDeadFrames(int from, int to) {
        return make("mjpeg-dead-" + from + "-" + to + ".avi", f -> {
            ffmpeg("-f", "lavfi", "-i", "testsrc2=size=160x120:rate=30:duration=4", "-c:v", "mjpeg", "-q:v", "5", f.toString());
            ProcessResult packets = FFMPEG.run(FFMPEG.ffprobe("-select_streams", "v:0", "-show_entries", "packet=pos,size",
                    "-of", "compact=p=0", f.toString()));
            List<String> lines = packets.stdout().lines().filter(l -> l.contains("pos=")).toList();
            try (RandomAccessFile file = new RandomAccessFile(f.toFile(), "rw")) {
                for (String line : lines.subList(from, to)) {
                    Map<String, Long> fields = new java.util.HashMap<>();
                    for (String field : line.strip().split("\\|")) {
                        String[] kv = field.split("=");
                        fields.put(kv[0], Long.parseLong(kv[1]));
                    }
                    file.seek(fields.get("pos"));
                    file.write(new byte[fields.get("size").intValue()]);
                }
            }
        });
    }

    /** A transport stream whose PMT declares an AAC stream that never carries a packet. */
    public static Path transportStreamEmptyAudio() {
        return make("empty-audio.ts", f -> {
            Path full = f.resolveSibling("empty-audio-full.ts");
            ffmpeg("-f", "lavfi", "-i", VIDEO + "3", "-f", "lavfi", "-i", "sine=duration=3", "-c:v", "libx264",
                    "-preset", "ultrafast", "-c:a", "aac", "-f", "mpegts", full.toString());
            write(f, transportPackets(read(full), audioPid -> null));
        });
    }

    /** A transport stream whose AAC stream has packets that do not decode (payload scrambled). */
    public static Path transportStreamBrokenAudio() {
        return make("broken-audio.ts", f -> {
            Path full = f.resolveSibling("broken-audio-full.ts");
            ffmpeg("-f", "lavfi", "-i", VIDEO + "2", "-f", "lavfi", "-i", "sine=duration=2", "-c:v", "libx264",
                    "-preset", "ultrafast", "-c:a", "aac", "-f", "mpegts", full.toString());
            write(f, transportPackets(read(full), packet -> {
                if ((packet[1] & 0x40) == 0) { // not the start of a PES: all payload
                    for (int i = 8; i < TS_PACKET; i++) {
                        packet[i] ^= (byte) 0xA5;
                    }
                }
                return packet;
            }));
        });
    }

    /** Rewrites the packets of PID 0x101 (FFmpeg's first audio PID) with {@code edit}; null drops the packet. */
    private static byte[] transportPackets(byte[] ts, java.util.function.UnaryOperator<byte[]> edit) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(ts.length);
        for (int i = 0; i + TS_PACKET <= ts.length; i += TS_PACKET) {
            byte[] packet = java.util.Arrays.copyOfRange(ts, i, i + TS_PACKET);
            int pid = ((packet[1] & 0x1f) << 8) | (packet[2] & 0xff);
            byte[] kept = pid == 0x101 ? edit.apply(packet) : packet;
            if (kept != null) {
                out.writeBytes(kept);
            }
        }
        return out.toByteArray();
    }

    /** The frames one plain sequential decode of the video yields (FFmpeg to the null muxer, nothing dropped). */
    public static int sequentialDecodeFrames(Path file) {
        ProcessResult result = FFMPEG.run(List.of(FFMPEG.ffmpegPath().toString(), "-hide_banner", "-nostdin", "-i", file.toString(),
                "-map", "0:v:0", "-fps_mode", "passthrough", "-f", "null", "-"));
        if (!result.ok()) {
            throw new IllegalStateException("cannot decode " + file + ": " + result.lastErrorLine());
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("frame=\\s*(\\d+)").matcher(result.stderrTail());
        int frames = -1;
        while (m.find()) {
            frames = Integer.parseInt(m.group(1));
        }
        return frames;
    }

    private static List<Long> keyframePositions(Path file) {
        ProcessResult result = FFMPEG.run(FFMPEG.ffprobe("-select_streams", "v:0", "-show_entries", "packet=pos,flags",
                "-of", "csv=p=0", file.toString()));
        List<Long> positions = new ArrayList<>();
        for (String line : result.stdout().split("\n")) {
            String[] parts = line.strip().split(",");
            if (parts.length >= 2 && parts[1].startsWith("K")) {
                positions.add(Long.parseLong(parts[0]));
            }
        }
        return positions;
    }

    private static void ffmpeg(String... args) {
        ProcessResult result = FFMPEG.run(FFMPEG.ffmpeg(args));
        if (!result.ok()) {
            throw new IllegalStateException("cannot make test media: " + result.lastErrorLine());
        }
    }

    private interface Maker {
        void make(Path file) throws IOException;
    }

    private static Path make(String name, Maker maker) {
        return MADE.computeIfAbsent(name, n -> {
            Path file = TestMedia.directory().resolve(n);
            try {
                maker.make(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return file;
        });
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
