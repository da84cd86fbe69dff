package io.vidfleet.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidfleet.common.media.Ffmpeg;
import io.vidfleet.common.media.MediaInfo;
import io.vidfleet.common.media.MediaProbe;
import io.vidfleet.common.media.ProcessResult;
import io.vidfleet.common.media.SampleVideo;
import io.vidfleet.common.plan.ChunkPlan;
import io.vidfleet.common.plan.ChunkPlanner;
import io.vidfleet.common.plan.ChunkSpec;
import io.vidfleet.common.profile.Profiles;
import io.vidfleet.common.storage.LoopbackRangeServer;
import io.vidfleet.common.storage.MediaInput;
import io.vidfleet.common.storage.S3Location;
import io.vidfleet.common.storage.S3Settings;
import io.vidfleet.common.storage.S3Storage;
import io.vidfleet.testing.CountingProxy;
import io.vidfleet.testing.TestMedia;
import io.vidfleet.testing.TestS3;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker reading its source from S3 reads only what its chunk needs. Every byte the S3 server sends
 * is counted on the wire, per chunk, two ways side by side: FFmpeg on a presigned URL (open-ended range
 * requests: the server streams until FFmpeg hangs up) and FFmpeg on the worker's loopback range server
 * (bounded range requests), which is what the worker uses.
 */
class RangeReadIT {
    private static final Ffmpeg FFMPEG = Ffmpeg.get();
    private static final String KEY = "jobs/j/source.mp4";

    @TempDir
    Path dir;

    @Test
    void eachChunkFetchesOnlyPartOfTheSource() throws Exception {
        Path source = TestMedia.make("ranges-30s.mp4", SampleVideo.standard(30).withSize(640, 360).withGop(60));
        long sourceSize = Files.size(source);
        MediaInfo media = new MediaProbe(FFMPEG).probeVideo(source);
        ChunkPlan plan = new ChunkPlanner(Duration.ofSeconds(3)).plan(media.frames(), media.startSeconds());
        try (CountingProxy wire = new CountingProxy(TestS3.endpoint())) {
            S3Settings settings = S3Settings.of(wire.endpoint(), TestS3.ACCESS_KEY, TestS3.SECRET_KEY, dir);
            S3Storage storage = new S3Storage(S3Location.parse("s3://" + TestS3.newBucket() + "/vf"), settings);
            Path upload = dir.resolve("upload.mp4");
            Files.copy(source, upload);
            storage.publish(upload, KEY);
            long presignedTotal = -1;
            long rangedTotal = 0;
            long largest = 0;
            StringBuilder report = new StringBuilder(String.format(Locale.ROOT,
                    "source %d bytes, %d chunks; bytes the S3 server sent for the first and the middle chunk:%n", sourceSize, plan.chunks().size()));
            try (LoopbackRangeServer ranges = new LoopbackRangeServer(storage)) {
                List<ChunkSpec> chunks = plan.chunks();
                for (ChunkSpec chunk : List.of(chunks.get(0), chunks.get(chunks.size() / 2))) {
                    // before: FFmpeg on a presigned URL (measured on the middle chunk only, to keep the test short)
                    long presigned = chunk.index() == chunks.size() / 2 ? encode(wire, storage.mediaInput(KEY), chunk) : -1;
                    long ranged;
                    long requested;
                    try (LoopbackRangeServer.Served served = ranges.serve(KEY)) {
                        ranged = encode(wire, served.input(), chunk);
                        requested = served.bytesFetched();
                    }
                    report.append(String.format(Locale.ROOT, "chunk %d (%d frames): presigned URL %9d (%5.1f%%), "
                            + "range server %9d (%5.1f%%; ranges requested %d)%n", chunk.index(), chunk.frames(), presigned,
                            100.0 * presigned / sourceSize, ranged, 100.0 * ranged / sourceSize, requested));
                    presignedTotal = Math.max(presignedTotal, presigned);
                    rangedTotal += ranged;
                    largest = Math.max(largest, ranged);
                }
            }
            report.append(String.format(Locale.ROOT, "these 2 chunks with the range server: %.2f x the source "
                    + "(a whole download per chunk: 2 x)%n", (double) rangedTotal / sourceSize));
            System.out.print(report);
            // a chunk is a tenth of the source; FFmpeg itself reads about twice that (the GOP before the chunk, the
            // interleaved audio, the index at the end), and each seek may leave up to one fetched block unread
            assertTrue(largest < sourceSize * 4 / 10, "no chunk fetches 40% of the source:\n" + report);
        }
    }

    private long encode(CountingProxy wire, MediaInput input, ChunkSpec chunk) {
        Path output = dir.resolve("chunk.mp4");
        wire.reset();
        ProcessResult result = FFMPEG.run(new EncodeCommands(FFMPEG).videoChunk(input, chunk, true,
                Profiles.named("h264-720p"), 1, output));
        long read = wire.served();
        assertTrue(result.ok(), result.stderrTail());
        assertEquals(chunk.frames(), new MediaProbe(FFMPEG).timeline(output).size(), "chunk " + chunk.index() + " frames");
        return read;
    }
}
