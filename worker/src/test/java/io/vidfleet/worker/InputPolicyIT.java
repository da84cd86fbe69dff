package io.vidfleet.worker;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidfleet.common.media.Ffmpeg;
import io.vidfleet.common.media.ProcessResult;
import io.vidfleet.common.plan.ChunkSpec;
import io.vidfleet.common.profile.Profiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker opens only the file its plan names: even if a playlist reached the storage (a crafted job
 * record, say), FFmpeg is told to read no format that refers to other files, through no protocol but file.
 */
class InputPolicyIT {
    @TempDir
    Path dir;

    @Test
    void anEncodeRefusesAPlaylistSource() throws Exception {
        Ffmpeg ffmpeg = Ffmpeg.get();
        Path secret = dir.resolve("secret.ts");
        assertTrue(ffmpeg.run(ffmpeg.ffmpeg("-f", "lavfi", "-i", "testsrc=d=1:s=64x48", "-c:v", "libx264", secret.toString())).ok());
        Path playlist = Files.writeString(dir.resolve("source.m3u8"),
                "#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\n" + secret + "\n#EXT-X-ENDLIST\n");
        Path output = dir.resolve("chunk.mp4");
        ChunkSpec chunk = new ChunkSpec(0, 0, 25, false, -1, -1, -1, 0, 1, 12800);
        ProcessResult result = ffmpeg.run(new EncodeCommands(ffmpeg).videoChunk(io.vidfleet.common.storage.MediaInput.file(playlist), chunk, false,
                Profiles.named("h264-720p"), 1, output));
        assertFalse(result.ok(), "the playlist was opened: " + result);
        assertTrue(result.stderrTail().contains("not on whitelist"), result.stderrTail());
        assertFalse(Files.exists(output) && Files.size(output) > 0, "nothing encoded from the referenced file");
    }
}
