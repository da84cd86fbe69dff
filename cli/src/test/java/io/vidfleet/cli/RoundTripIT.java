package io.vidfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vidfleet.common.jobs.JobRecord;
import io.vidfleet.common.jobs.JobState;
import io.vidfleet.common.media.Ffmpeg;
import io.vidfleet.common.media.FrameTimeline;
import io.vidfleet.common.media.MediaInfo;
import io.vidfleet.common.media.MediaProbe;
import io.vidfleet.common.media.ProcessResult;
import io.vidfleet.common.profile.Profile;
import io.vidfleet.common.profile.Profiles;
import io.vidfleet.common.storage.ChunkStorage;
import io.vidfleet.coordinator.JobSubmitter;
import io.vidfleet.coordinator.SubmitRequest;
import io.vidfleet.coordinator.SubmittedJob;
import io.vidfleet.testing.Psnr;
import io.vidfleet.testing.TestMedia;
import io.vidfleet.testing.TestRedis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whole jobs on generated clips: the stitched output has exactly the source's frames at the source's
 * timestamps, the same duration, audio as long as the source's, and the same quality (PSNR within
 * 0.1 dB) as one FFmpeg encoding the whole file with the same settings.
 */
class RoundTripIT {
    private static Cluster cluster;
    private static final Ffmpeg FFMPEG = Ffmpeg.get();
    private static final MediaProbe PROBE = new MediaProbe(FFMPEG);

    @BeforeAll
    static void startCluster() {
        cluster = new Cluster(TestRedis.store(), 2, Cluster.fastSettings());
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    static Stream<Arguments> clips() {
        return Stream.of(
                Arguments.of("long GOP with B-frames", (Supplier<Path>) TestMedia::longGop, 3.0, false),
                Arguments.of("short GOP", (Supplier<Path>) TestMedia::shortGop, 2.0, false),
                Arguments.of("cuts between keyframes", (Supplier<Path>) TestMedia::singleKeyframe, 2.0, true),
                Arguments.of("variable frame rate", (Supplier<Path>) TestMedia::variableFrameRate, 2.0, false),
                Arguments.of("no audio", (Supplier<Path>) TestMedia::noAudio, 2.0, false),
                Arguments.of("odd frame size, FFV1 in Matroska", (Supplier<Path>) TestMedia::oddSize, 2.0, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clips")
    void stitchedOutputIsFrameExact(String name, Supplier<Path> clip, double chunkSeconds, boolean expectMidGopCuts) {
        Path source = clip.get();
        MediaInfo media = PROBE.probeVideo(source);
        // one slot: each clip's own cuts are under test here; the finer tail for several slots is ChunkPlannerTest's
        SubmittedJob submitted = new JobSubmitter(cluster.store, cluster.storage).withParallelism(1).submit(
                SubmitRequest.of(source, "h264-720p").withChunkLength(Duration.ofMillis((long) (chunkSeconds * 1000))));
        assertTrue(submitted.chunks() >= 2, "the clip must be split: " + submitted);
        assertEquals(expectMidGopCuts, submitted.midGopCuts() > 0, "cuts between keyframes: " + submitted);

        JobRecord job = cluster.await(submitted.jobId(), Duration.ofMinutes(2));
        assertEquals(JobState.DONE, job.state(), "job failed: " + job.reason());
        Path output = cluster.output(job);

        FrameTimeline out = PROBE.timeline(output);
        FrameTimeline in = media.frames();
        assertEquals(in.size(), out.size(), "frame count");
        double frame = in.averageFrameSeconds();
        for (int i = 0; i < in.size(); i++) {
            double expected = in.seconds(i) - in.seconds(0);
            double actual = out.seconds(i) - out.seconds(0);
            assertEquals(expected, actual, frame / 2, "timestamp of frame " + i);
        }
        assertEquals(in.endSeconds() - in.seconds(0), out.endSeconds() - out.seconds(0), frame, "video duration");
        assertAudio(media, output);

        JsonNode video = stream(PROBE.streams(output), "video");
        int width = video.path("width").asInt();
        int height = video.path("height").asInt();
        Profile profile = Profiles.named("h264-720p");
        double chunked = Psnr.average(output, source, width, height);
        double whole = Psnr.average(singlePass(source, profile), source, width, height);
        System.out.printf("PSNR %s: chunked %.3f dB, single pass %.3f dB, difference %+.3f dB%n", name, chunked, whole, chunked - whole);
        // Chunking may not cost more than 0.1 dB; each chunk opens with an IDR frame, which can make it slightly better.
        assertTrue(chunked >= whole - 0.1, "chunked PSNR " + chunked + " more than 0.1 dB below one encode's " + whole);
        assertTrue(chunked <= whole + 0.25, "chunked PSNR " + chunked + " far above one encode's " + whole + ": settings differ?");

        assertFalse(Files.exists(cluster.storage.localPath(ChunkStorage.jobDir(job.id()))), "intermediates deleted");
        assertFalse(cluster.store.redis().exists(cluster.store.keys().inflight(job.id())));
    }

    private static void assertAudio(MediaInfo media, Path output) {
        JsonNode audio = stream(PROBE.streams(output), "audio");
        if (!media.hasAudio()) {
            assertEquals(null, audio, "no audio in, no audio out");
            return;
        }
        assertTrue(audio != null, "audio kept");
        assertEquals(media.audio().durationSeconds(), audio.path("duration").asDouble(), media.audio().frameSeconds(), "audio duration");
    }

    private static Path singlePass(Path source, Profile profile) {
        Path out = TestMedia.directory().resolve("single-" + source.getFileName() + ".mp4");
        List<String> args = new ArrayList<>(List.of("-noautorotate", "-i", source.toString(), "-map", "0:v:0",
                "-vf", profile.scaleFilter(), "-fps_mode", "passthrough"));
        args.addAll(profile.videoArgs(1));
        args.add(out.toString());
        ProcessResult result = FFMPEG.run(FFMPEG.ffmpeg(args.toArray(String[]::new)));
        assertTrue(result.ok(), result.stderrTail());
        return out;
    }

    static JsonNode stream(JsonNode root, String type) {
        for (JsonNode s : root.path("streams")) {
            if (type.equals(s.path("codec_type").asText())) {
                return s;
            }
        }
        return null;
    }
}
