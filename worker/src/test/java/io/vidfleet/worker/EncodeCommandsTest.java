package io.vidfleet.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidfleet.common.media.Ffmpeg;
import io.vidfleet.common.plan.ChunkSpec;
import io.vidfleet.common.profile.Profiles;
import io.vidfleet.common.storage.MediaInput;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class EncodeCommandsTest {
    private static final ChunkSpec SEEKING_CHUNK = new ChunkSpec(1, 250, 500, true, 8.3, 8.325, 16.67, 8.34, 8.34, 30000);

    private final EncodeCommands commands = new EncodeCommands(Ffmpeg.get());

    @Test
    void theDecoderAndTheFiltersGetTheSlotsThreadsNotOnePerCore() {
        List<String> command = commands.videoChunk(MediaInput.file(Path.of("in.mp4")), SEEKING_CHUNK, true,
                Profiles.named("h264-720p"), 1, Path.of("out.mp4"));
        int input = command.indexOf("-i");
        assertEquals("1", valueOf(command.subList(0, input), "-threads"), "decoder threads: " + command);
        assertEquals("1", valueOf(command, "-filter_threads"), "filter threads: " + command);
        assertEquals("1", valueOf(command.subList(input, command.size()), "-threads"), "encoder threads: " + command);
    }

    @Test
    void aSeekLeavesTheExactCutToTheTrimFilter() {
        List<String> command = commands.videoChunk(MediaInput.file(Path.of("in.mp4")), SEEKING_CHUNK, true,
                Profiles.named("h264-720p"), 2, Path.of("out.mp4"));
        int seek = command.indexOf("-ss");
        assertTrue(seek > 0 && seek < command.indexOf("-i"), "an input seek: " + command);
        assertTrue(command.subList(0, command.indexOf("-i")).contains("-noaccurate_seek"), command.toString());
        assertTrue(command.get(command.indexOf("-vf") + 1).startsWith("trim=start=8.325000:end=16.670000,"), command.toString());
    }

    @Test
    void anAv1ChunkIsOneGopAndOtherEncodersKeepTheirOwnInterval() {
        MediaInput in = MediaInput.file(Path.of("in.mp4"));
        List<String> av1 = commands.videoChunk(in, SEEKING_CHUNK, true, Profiles.named("av1-720p"), 1, Path.of("out.mp4"));
        assertEquals("250", valueOf(av1, "-g"), "SVT-AV1's own interval (about 5 s) would put a keyframe inside: " + av1);
        List<String> h264 = commands.videoChunk(in, SEEKING_CHUNK, true, Profiles.named("h264-720p"), 1, Path.of("out.mp4"));
        assertEquals(null, valueOf(h264, "-g"), h264.toString());
        ChunkSpec long20s = new ChunkSpec(1, 250, 850, true, 8.3, 8.325, 28.35, 8.34, 20.02, 30000);
        List<String> longAv1 = commands.videoChunk(in, long20s, true, Profiles.named("av1-720p"), 1, Path.of("out.mp4"));
        assertEquals(null, valueOf(longAv1, "-g"), "a chunk longer than 10 s keeps keyframes to seek to: " + longAv1);
    }

    private static String valueOf(List<String> args, String flag) {
        int at = args.indexOf(flag);
        return at < 0 ? null : args.get(at + 1);
    }
}
