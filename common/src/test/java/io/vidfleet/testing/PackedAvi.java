package io.vidfleet.testing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Packs a raw MPEG-4 Part 2 stream (decode order, B-frames) the way DivX 5 and XviD stored B-frames in AVI
 * ("packed bitstream"), which no FFmpeg encoder or bitstream filter writes ({@code mpeg4_unpack_bframes} only
 * undoes it): each B-VOP is appended to the packet of the P- (or I-) VOP before it, the next packet is a
 * 6-byte not-coded "N-VOP" placeholder, and the user data says {@code DivX503b1393p} ('p': packed), which is
 * how decoders recognise it. The packets go into a minimal AVI (one video stream, an idx1 index): AVI
 * packets carry no timestamps, so a demuxer sees only a frame counter.
 */
final class PackedAvi {
    private static final int VOP = 0xB6;
    private static final int USER_DATA = 0xB2;
    /** Not coded P-VOP: type 01, modulo 0, marker, 5-bit time increment 0, marker, coded 0, stuffing 01111. */
    private static final byte[] N_VOP = {0, 0, 1, (byte) VOP, 0x50, 0x4F};

    private PackedAvi() {
    }

    /** The AVI file's bytes for {@code m4v} (FFmpeg's {@code -f m4v}, time increment resolution = the rate). */
    static byte[] pack(byte[] m4v, int width, int height, int rate) {
        List<byte[]> frames = frames(m4v);
        List<byte[]> packets = new ArrayList<>();
        List<Boolean> keys = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++) {
            char type = type(frames.get(i));
            if (type != 'B' && i + 1 < frames.size() && type(frames.get(i + 1)) == 'B') {
                packets.add(concat(frames.get(i), frames.get(i + 1)));
                keys.add(type == 'I');
                packets.add(N_VOP);
                keys.add(false);
                i++;
            } else {
                packets.add(frames.get(i));
                keys.add(type == 'I');
            }
        }
        return avi(packets, keys, width, height, rate);
    }

    /** Start-code units grouped into frames: headers and user data go with the VOP that follows them. */
    private static List<byte[]> frames(byte[] m4v) {
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i + 3 < m4v.length; i++) {
            if (m4v[i] == 0 && m4v[i + 1] == 0 && m4v[i + 2] == 1) {
                starts.add(i);
                i += 2;
            }
        }
        starts.add(m4v.length);
        List<byte[]> frames = new ArrayList<>();
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        for (int u = 0; u + 1 < starts.size(); u++) {
            int code = m4v[starts.get(u) + 3] & 0xff;
            if (code == USER_DATA) {
                frame.writeBytes(concat(new byte[] {0, 0, 1, (byte) USER_DATA}, "DivX503b1393p".getBytes(StandardCharsets.US_ASCII)));
            } else {
                frame.write(m4v, starts.get(u), starts.get(u + 1) - starts.get(u));
            }
            if (code == VOP) {
                frames.add(frame.toByteArray());
                frame.reset();
            }
        }
        return frames;
    }

    private static char type(byte[] frame) {
        for (int i = frame.length - 5; i >= 0; i--) {
            if (frame[i] == 0 && frame[i + 1] == 0 && frame[i + 2] == 1 && (frame[i + 3] & 0xff) == VOP) {
                return "IPBS".charAt((frame[i + 4] & 0xff) >> 6);
            }
        }
        throw new IllegalArgumentException("no VOP in frame");
    }

    private static byte[] avi(List<byte[]> packets, List<Boolean> keys, int width, int height, int rate) {
        int n = packets.size();
        ByteBuffer avih = le(56).putInt(1_000_000 / rate).putInt(0).putInt(0).putInt(0x10).putInt(n).putInt(0).putInt(1)
                .putInt(0).putInt(width).putInt(height);
        ByteBuffer strh = le(56).put(ascii("vids")).put(ascii("XVID")).putInt(0).putShort((short) 0).putShort((short) 0)
                .putInt(0).putInt(1).putInt(rate).putInt(0).putInt(n).putInt(0).putInt(-1).putInt(0)
                .putShort((short) 0).putShort((short) 0).putShort((short) width).putShort((short) height);
        ByteBuffer strf = le(40).putInt(40).putInt(width).putInt(height).putShort((short) 1).putShort((short) 24)
                .put(ascii("XVID")).putInt(width * height * 3);
        byte[] hdrl = list("hdrl", concat(chunk("avih", avih.array()),
                list("strl", concat(chunk("strh", strh.array()), chunk("strf", strf.array())))));
        ByteArrayOutputStream movi = new ByteArrayOutputStream();
        ByteArrayOutputStream index = new ByteArrayOutputStream();
        for (int i = 0; i < n; i++) {
            index.writeBytes(ascii("00dc"));
            index.writeBytes(le(12).putInt(keys.get(i) ? 0x10 : 0).putInt(4 + movi.size()).putInt(packets.get(i).length).array());
            movi.writeBytes(chunk("00dc", packets.get(i)));
        }
        byte[] body = concat(ascii("AVI "), concat(hdrl, concat(list("movi", movi.toByteArray()), chunk("idx1", index.toByteArray()))));
        return concat(ascii("RIFF"), concat(le(4).putInt(body.length).array(), body));
    }

    private static byte[] list(String kind, byte[] data) {
        return chunk("LIST", concat(ascii(kind), data));
    }

    /** A RIFF chunk: id, little-endian size, data, padded to an even length. */
    private static byte[] chunk(String id, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ascii(id));
        out.writeBytes(le(4).putInt(data.length).array());
        out.writeBytes(data);
        if (data.length % 2 == 1) {
            out.write(0);
        }
        return out.toByteArray();
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
