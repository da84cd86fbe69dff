package io.vidfleet.common.media;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads ffprobe's packet listing ({@code -of compact}) one line at a time into primitive arrays per
 * stream, so memory grows by a few dozen bytes per packet however long the input is (the JSON tree it
 * replaces held about 240 bytes per packet, plus the whole text).
 */
final class PacketReader {
    private final Map<Integer, StreamPackets> packets = new HashMap<>();
    private final Map<Integer, StreamHeader> streams = new HashMap<>();

    /** One stream's packets in file order: timestamps in the stream's time base, Long.MIN_VALUE when absent. */
    static final class StreamPackets {
        long[] pts = new long[1024];
        long[] dts = new long[1024];
        long[] duration = new long[1024];
        byte[] flags = new byte[1024];
        int size;

        static final byte KEY = 1;
        static final byte DISCARD = 2;
        static final byte CORRUPT = 4;

        void add(long p, long d, long dur, byte f) {
            if (size == pts.length) {
                int grown = size * 2;
                pts = Arrays.copyOf(pts, grown);
                dts = Arrays.copyOf(dts, grown);
                duration = Arrays.copyOf(duration, grown);
                flags = Arrays.copyOf(flags, grown);
            }
            pts[size] = p;
            dts[size] = d;
            duration[size] = dur;
            flags[size] = f;
            size++;
        }
    }

    /** What the stream section says of a stream. */
    record StreamHeader(int index, String codecType, Rational timeBase, boolean coverArt) {
    }

    void accept(String line) {
        if (line.startsWith("packet|")) {
            acceptPacket(line);
        } else if (line.startsWith("stream|")) {
            acceptStream(line);
        }
    }

    private void acceptPacket(String line) {
        int stream = -1;
        long pts = Long.MIN_VALUE;
        long dts = Long.MIN_VALUE;
        long duration = 0;
        byte flags = 0;
        int from = line.indexOf('|') + 1;
        while (from < line.length()) {
            int end = line.indexOf('|', from);
            if (end < 0) {
                end = line.length();
            }
            int eq = line.indexOf('=', from);
            if (eq > from && eq < end) {
                String key = line.substring(from, eq);
                String value = line.substring(eq + 1, end);
                switch (key) {
                    case "stream_index" -> stream = (int) number(value, -1);
                    case "pts" -> pts = number(value, Long.MIN_VALUE);
                    case "dts" -> dts = number(value, Long.MIN_VALUE);
                    case "duration" -> duration = number(value, 0);
                    case "flags" -> flags = flags(value);
                    default -> { }
                }
            }
            from = end + 1;
        }
        packets.computeIfAbsent(stream, s -> new StreamPackets()).add(pts, dts, duration, flags);
    }

    private void acceptStream(String line) {
        int index = -1;
        String type = "";
        Rational timeBase = new Rational(1, 1000);
        boolean coverArt = false;
        for (String field : line.split("\\|")) {
            int eq = field.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = field.substring(0, eq);
            String value = field.substring(eq + 1);
            switch (key) {
                case "index" -> index = (int) number(value, -1);
                case "codec_type" -> type = value;
                case "time_base" -> timeBase = value.contains("/") ? Rational.parse(value) : timeBase;
                case "disposition:attached_pic" -> coverArt = "1".equals(value);
                default -> { }
            }
        }
        streams.put(index, new StreamHeader(index, type, timeBase, coverArt));
    }

    /** The first stream of a type (cover art is not video) that has at least one packet; null when none. */
    StreamHeader first(String type, boolean withPackets) {
        return streams.values().stream()
                .filter(s -> s.codecType().equals(type) && !s.coverArt())
                .filter(s -> !withPackets || packetCount(s.index()) > 0)
                .min(java.util.Comparator.comparingInt(StreamHeader::index))
                .orElse(null);
    }

    java.util.Collection<StreamHeader> streams() {
        return streams.values();
    }

    StreamPackets packets(int stream) {
        return packets.getOrDefault(stream, new StreamPackets());
    }

    int packetCount(int stream) {
        StreamPackets p = packets.get(stream);
        return p == null ? 0 : p.size;
    }

    private static long number(String value, long fallback) {
        if (value.isEmpty() || value.equals("N/A")) {
            return fallback;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static byte flags(String value) {
        byte flags = 0;
        if (value.startsWith("K")) {
            flags |= StreamPackets.KEY;
        }
        if (value.contains("D")) {
            flags |= StreamPackets.DISCARD;
        }
        if (value.contains("C")) {
            flags |= StreamPackets.CORRUPT;
        }
        return flags;
    }
}
