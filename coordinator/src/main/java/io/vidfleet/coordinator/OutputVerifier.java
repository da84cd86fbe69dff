package io.vidfleet.coordinator;

import com.fasterxml.jackson.databind.JsonNode;
import io.vidfleet.common.jobs.SourceSummary;
import io.vidfleet.common.media.FrameTimeline;
import io.vidfleet.common.media.MediaProbe;
import io.vidfleet.common.media.PacketScan;
import io.vidfleet.common.media.SidePass;
import io.vidfleet.common.plan.ChunkSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Checks a stitched file against its source before anyone sees it: the same number of video frames,
 * every join where the plan put it (within half a frame), the same duration within one frame, audio
 * as long as the source's within one audio frame, and the rotation kept.
 */
final class OutputVerifier {
    private final MediaProbe probe;

    OutputVerifier(MediaProbe probe) {
        this.probe = probe;
    }

    /**
     * What is wrong with a stitched output. {@code video}: its frames or joins (a coarser plan may fix it);
     * {@code joinBefore}: the position in the chunk list of the chunk whose join is off (-1: none in particular).
     */
    record Problem(String text, boolean video, int joinBefore) {
        @Override
        public String toString() {
            return text;
        }
    }

    /** The first problem found, or empty when the output is right (every chunk holding the frames planned). */
    Optional<Problem> verify(Path output, SourceSummary source, List<ChunkSpec> chunks) {
        return verify(output, source, chunks, chunks.stream().map(ChunkSpec::frames).toList(), -1);
    }

    /**
     * The first problem found, or empty when the output is right. {@code chunkFrames} are the frames each
     * chunk's result holds: the plan's, or what a decode of a damaged range gave. {@code decodedFrames} is what
     * one sequential decode of the whole source yields, counted when a chunk held other than its packets or the
     * plan was coarsened (-1: not counted, every chunk as planned): then the output must hold exactly that many,
     * and its duration is not checked (frames that never decode leave their time out).
     */
    Optional<Problem> verify(Path output, SourceSummary source, List<ChunkSpec> chunks, List<Integer> chunkFrames,
                             int decodedFrames) {
        // the streams are described beside the packet pass: the encoders are done, the cores are free
        SidePass<JsonNode> streams = SidePass.start("verify-streams", () -> probe.streams(output));
        try {
            return verify(output, source, chunks, chunkFrames, decodedFrames, streams);
        } finally {
            streams.settle();
        }
    }

    private Optional<Problem> verify(Path output, SourceSummary source, List<ChunkSpec> chunks, List<Integer> chunkFrames,
                                     int decodedFrames, SidePass<JsonNode> streamsPass) {
        PacketScan packets = probe.packets(output);
        FrameTimeline frames = packets.video();
        int expectedFrames = decodedFrames >= 0 ? decodedFrames : chunkFrames.stream().mapToInt(Integer::intValue).sum();
        if (frames.size() != expectedFrames) {
            return videoProblem(-1, "stitched output has %d video frames, %s %d", frames.size(),
                    decodedFrames >= 0 ? "one sequential decode of the source yields" : "the source decodes to", expectedFrames);
        }
        double tolerance = source.frameSeconds();
        double origin = chunks.get(0).startSeconds();
        int first = 0;
        for (int i = 0; i < chunks.size(); i++) {
            ChunkSpec chunk = chunks.get(i);
            double expected = chunk.startSeconds() - origin;
            double actual = frames.seconds(first) - frames.seconds(0);
            if (Math.abs(actual - expected) > tolerance / 2) {
                return videoProblem(i, "the join before chunk %d is at %.4f s, expected %.4f s", chunk.index(), actual, expected);
            }
            first += chunkFrames.get(i);
        }
        double duration = frames.endSeconds() - frames.seconds(0);
        if (decodedFrames < 0 && Math.abs(duration - source.videoSeconds()) > tolerance + 1e-6) {
            return videoProblem(-1, "video lasts %.4f s, the source %.4f s", duration, source.videoSeconds());
        }
        JsonNode streams = streamsPass.join();
        return checkAudio(packets.audioSeconds(), streams, source).or(() -> checkRotation(streams, source));
    }

    private static Optional<Problem> checkAudio(double seconds, JsonNode streams, SourceSummary source) {
        JsonNode audio = stream(streams, "audio");
        if (!source.audio()) {
            return audio == null ? Optional.empty() : problem("output has audio, the source has none");
        }
        if (audio == null) {
            return problem("output has no audio stream");
        }
        if (source.audioSeconds() > 0 && Math.abs(seconds - source.audioSeconds()) > source.audioFrameSeconds() + 1e-6) {
            return problem("audio lasts %.4f s, the source's %.4f s", seconds, source.audioSeconds());
        }
        return Optional.empty();
    }

    private static Optional<Problem> checkRotation(JsonNode streams, SourceSummary source) {
        JsonNode video = stream(streams, "video");
        double rotation = 0;
        for (JsonNode side : video.path("side_data_list")) {
            if (side.has("rotation")) {
                rotation = side.path("rotation").asDouble();
            }
        }
        if (Math.abs(normalize(rotation) - normalize(source.rotation())) > 0.5) {
            return problem("output is rotated %.0f degrees, the source %.0f", rotation, source.rotation());
        }
        return Optional.empty();
    }

    private static double normalize(double degrees) {
        return ((degrees % 360) + 360) % 360;
    }

    private static JsonNode stream(JsonNode root, String type) {
        for (JsonNode stream : root.path("streams")) {
            if (type.equals(stream.path("codec_type").asText())) {
                return stream;
            }
        }
        return null;
    }

    private static Optional<Problem> problem(String format, Object... args) {
        return Optional.of(new Problem(String.format(Locale.ROOT, format, args), false, -1));
    }

    private static Optional<Problem> videoProblem(int joinBefore, String format, Object... args) {
        return Optional.of(new Problem(String.format(Locale.ROOT, format, args), true, joinBefore));
    }
}
