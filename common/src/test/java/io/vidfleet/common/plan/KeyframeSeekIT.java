package io.vidfleet.common.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidfleet.common.media.Ffmpeg;
import io.vidfleet.common.media.FrameTimeline;
import io.vidfleet.common.media.MediaInfo;
import io.vidfleet.common.media.MediaProbe;
import io.vidfleet.common.media.ProcessResult;
import io.vidfleet.common.media.SampleVideo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chunk's seek, run by the real FFmpeg the way a worker runs it, starts decoding at the chunk's own
 * keyframe: not a GOP early (decoding thrown away) and not late (frames lost).
 */
class KeyframeSeekIT {
    private static final Ffmpeg FFMPEG = Ffmpeg.get();

    @TempDir
    Path dir;

    @Test
    void everyChunkOfAnMp4WithBFramesStartsDecodingAtItsOwnKeyframe() {
        Path clip = SampleVideo.standard(6).withSize(160, 90).withGop(30).withoutAudio().writeTo(FFMPEG, dir.resolve("clip.mp4"));
        MediaInfo media = new MediaProbe(FFMPEG).probeVideo(clip);
        assertEquals(KeyframeSeek.BY_INDEX, KeyframeSeek.forFormat(media.formatName()));
        FrameTimeline frames = media.frames();
        List<ChunkSpec> chunks = new ChunkPlanner(Duration.ofSeconds(1)).plan(frames, media.startSeconds(),
                KeyframeSeek.BY_INDEX).chunks();
        assertTrue(chunks.size() >= 5, "chunks: " + chunks.size());
        for (ChunkSpec chunk : chunks.subList(1, chunks.size())) {
            long keyframePts = frames.pts()[frames.keyframeAtOrBefore(chunk.startFrame())];
            assertEquals(keyframePts, firstPacketPts(clip, chunk.seekSeconds()), "chunk " + chunk.index() + " sought at "
                    + chunk.seekSeconds() + " s");
        }
    }

    /** The timestamp of the first packet FFmpeg reads after seeking as a worker does (in the stream's time base). */
    private static long firstPacketPts(Path clip, double seekSeconds) {
        ProcessResult result = FFMPEG.run(FFMPEG.ffmpeg("-ss", String.format(java.util.Locale.ROOT, "%.6f", seekSeconds),
                "-noaccurate_seek", "-copyts", "-i", clip.toString(), "-map", "0:v:0", "-c", "copy", "-frames:v", "1",
                "-f", "framecrc", "-"), Duration.ofSeconds(30));
        assertTrue(result.ok(), result.lastErrorLine());
        String packet = result.stdout().lines().filter(l -> !l.startsWith("#")).findFirst().orElseThrow();
        return Long.parseLong(packet.split(",")[2].trim()); // stream, dts, pts, duration, size, crc
    }
}
