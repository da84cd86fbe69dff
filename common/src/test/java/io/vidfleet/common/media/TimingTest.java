package io.vidfleet.common.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** How the probe judges a video's packet timestamps (ffprobe's compact lines, decode order). */
class TimingTest {
    private static final Rational MS = new Rational(1, 1000);
    private static final VideoTrack TRACK = new VideoTrack(0, "h264", 64, 36, "yuv420p", new Rational(25, 1),
            new Rational(25, 1), 0, 4);

    private static PacketReader.StreamPackets packets(String... ptsDts) {
        PacketReader reader = new PacketReader();
        reader.accept("stream|index=0|codec_type=video|time_base=1/1000|disposition:attached_pic=0");
        for (String pair : ptsDts) {
            String[] p = pair.split(":");
            reader.accept("packet|stream_index=0|pts=" + p[0] + "|dts=" + p[1] + "|duration=40|flags=___|");
        }
        return reader.packets(0);
    }

    @Test
    void cleanTimestampsAreCutOn() {
        Timing timing = MediaProbe.timing("mov,mp4,m4a", packets("0:-40", "80:0", "40:40", "160:80", "120:120"), MS, TRACK);
        assertFalse(timing.decodeOrder(), timing.reason());
        assertEquals(new Rational(25, 1), timing.frameRate());
    }

    @Test
    void aTimelineThatRestartsIsPlannedOnDecodeOrder() {
        Timing timing = MediaProbe.timing("matroska,webm", packets("0:0", "40:40", "80:80", "0:0", "40:40"), MS, TRACK);
        assertTrue(timing.decodeOrder());
        assertTrue(timing.reason().contains("restarts"), timing.reason());
    }

    @Test
    void aTransportStreamClockJumpIsADiscontinuityButAGapInMp4IsNot() {
        String[] jump = {"0:0", "40:40", "80:80", "20000:20000", "20040:20040"};
        assertTrue(MediaProbe.timing("mpegts", packets(jump), MS, TRACK).decodeOrder());
        assertFalse(MediaProbe.timing("mov,mp4,m4a", packets(jump), MS, TRACK).decodeOrder());
    }

    @Test
    void packetsWithoutTimestampsAndRawStreamsArePlannedOnDecodeOrder() {
        assertTrue(MediaProbe.timing("avi", packets("0:0", "N/A:1", "N/A:2", "80:3"), MS, TRACK).decodeOrder());
        assertTrue(MediaProbe.timing("mpegvideo", packets("0:0", "40:40"), MS, TRACK).decodeOrder());
    }
}
