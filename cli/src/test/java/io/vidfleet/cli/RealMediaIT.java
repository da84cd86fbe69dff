package io.vidfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vidfleet.common.error.BadInputException;
import io.vidfleet.common.jobs.JobRecord;
import io.vidfleet.common.jobs.JobState;
import io.vidfleet.common.media.Ffmpeg;
import io.vidfleet.common.media.FrameTimeline;
import io.vidfleet.common.media.MediaInfo;
import io.vidfleet.common.media.MediaProbe;
import io.vidfleet.common.media.ProcessResult;
import io.vidfleet.coordinator.JobSubmitter;
import io.vidfleet.coordinator.SubmitRequest;
import io.vidfleet.testing.TestRedis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real-world files made by others ({@code ../shared/media}), opt-in: {@code ./mvnw verify -Preal-media}.
 * A decodable file comes out with the frames its source decodes to, its duration within one frame, its
 * audio as long as the source's, its rotation and language kept; the rest is rejected in one line.
 */
@Tag("real-media")
class RealMediaIT {
    private static final MediaProbe PROBE = new MediaProbe(Ffmpeg.get());
    private static Cluster cluster;

    private static Path media(String name) {
        String dir = System.getProperty("vidfleet.realMedia", "");
        assumeTrue(!dir.isBlank() && Files.isDirectory(Path.of(dir)), "no ../shared/media here");
        return Path.of(dir, name);
    }

    @BeforeAll
    static void start() {
        cluster = new Cluster(TestRedis.store(), 2, Cluster.fastSettings());
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"phone-rotated-vfr.mp4", "bframes.mov", "odd-fps-26.777.mp4", "vp8-vorbis.webm", "truncated-cut.mp4"})
    void decodableFilesComeOutFrameExact(String name) {
        Path source = media(name);
        MediaInfo media = PROBE.probeVideo(source);
        var submitted = new JobSubmitter(cluster.store, cluster.storage)
                .submit(SubmitRequest.of(source, "h264-720p").withChunkLength(Duration.ofSeconds(2)));
        JobRecord job = cluster.await(submitted.jobId(), Duration.ofMinutes(3));
        assertEquals(JobState.DONE, job.state(), job.reason());
        Path output = cluster.output(job);

        FrameTimeline out = PROBE.timeline(output);
        assertEquals(decodedFrames(source), out.size(), "frames as many as the source decodes to");
        FrameTimeline in = media.frames();
        assertEquals(in.endSeconds() - in.seconds(0), out.endSeconds() - out.seconds(0), in.averageFrameSeconds(), "duration");
        JsonNode streams = PROBE.streams(output);
        JsonNode video = RoundTripIT.stream(streams, "video");
        assertEquals(media.video().rotation(), rotation(video), 0.5, "rotation");
        if (media.hasAudio()) {
            assertEquals(media.audio().durationSeconds(), PROBE.packets(output).audioSeconds(), media.audio().frameSeconds(), "audio length");
            String language = media.audio().language();
            if (language != null && !language.equals("und")) {
                assertEquals(language, RoundTripIT.stream(streams, "audio").path("tags").path("language").asText(), "language");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"truncated.m4a"})
    void undecodableFilesAreRejectedAtSubmit(String name) {
        Path source = media(name);
        long jobsBefore = cluster.store.redis().zcard(cluster.store.keys().jobs());
        BadInputException e = assertThrows(BadInputException.class, () -> new JobSubmitter(cluster.store, cluster.storage)
                .submit(SubmitRequest.of(source, "h264-720p")));
        assertFalse(e.getMessage().contains("\n"));
        assertTrue(e.getMessage().contains(name), e.getMessage());
        assertEquals(jobsBefore, cluster.store.redis().zcard(cluster.store.keys().jobs()), "no job created");
    }

    private static int decodedFrames(Path file) {
        Ffmpeg ffmpeg = Ffmpeg.get();
        ProcessResult result = ffmpeg.run(ffmpeg.ffprobe("-count_frames", "-select_streams", "v:0",
                "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", file.toString()));
        return Integer.parseInt(result.stdout().strip().split("[,\\s]")[0]);
    }

    private static double rotation(JsonNode video) {
        for (JsonNode side : video.path("side_data_list")) {
            if (side.has("rotation")) {
                return side.path("rotation").asDouble();
            }
        }
        return 0;
    }
}
