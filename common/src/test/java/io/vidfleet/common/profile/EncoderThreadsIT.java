package io.vidfleet.common.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidfleet.common.media.Ffmpeg;
import io.vidfleet.common.media.ProcessResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SVT-AV1 and x265 ignore FFmpeg's {@code -threads} and start threads for every core: two slots on two
 * cores then ran four encoder threads, and the av1 job took 20 % longer than with one each. The
 * encoder's own log says how many it started.
 */
class EncoderThreadsIT {
    private static final Ffmpeg FFMPEG = Ffmpeg.get();

    @Test
    void svtAv1RunsTheSlotsThreadCount() {
        String log = encode(Profiles.named("av1-720p"), 1);
        assertTrue(log.contains("Level of Parallelism: 1"), log);
    }

    @Test
    void x265RunsTheSlotsThreadCount() {
        Profile hevc = Profiles.named("hevc-720p");
        // the profile keeps x265 quiet; its own log is the only witness of the pool it made
        List<String> args = new ArrayList<>(hevc.encoderArgs());
        args.set(args.indexOf("log-level=error"), "log-level=info");
        String log = encode(new Profile("hevc-test", "hevc", "", "hevc", args, 720, "128k", hevc.lease(), hevc.decodeShare()), 1);
        assertTrue(log.contains("Thread pool created using 1 threads"), log);
    }

    @Test
    void theProfilesOwnEncoderParametersAreKept() {
        List<String> args = Profiles.named("hevc-720p").videoArgs(3);
        assertEquals("log-level=error:pools=3", args.get(args.indexOf("-x265-params") + 1), args.toString());
        assertEquals(1, args.stream().filter("-x265-params"::equals).count(), args.toString());
    }

    private static String encode(Profile profile, int threads) {
        List<String> args = new ArrayList<>(List.of("-v", "error", "-f", "lavfi", "-i", "testsrc2=s=320x240:r=25",
                "-frames:v", "3", "-vf", profile.scaleFilter()));
        args.addAll(profile.videoArgs(threads));
        args.addAll(List.of("-f", "null", "-"));
        ProcessResult result = FFMPEG.runner(FFMPEG.ffmpeg(args.toArray(String[]::new))).run(Duration.ofMinutes(1));
        assertTrue(result.ok(), result.stderrTail());
        return result.stderrTail();
    }
}
