package io.vidfleet.common.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UnpackedBundleIT {

    @Test
    void theExecutablesUnpackedBeforeAreFoundWithoutTheLoader() {
        Ffmpeg ffmpeg = Ffmpeg.get(); // unpacked by now, whichever way
        assertEquals(Optional.of(ffmpeg.ffmpegPath()), UnpackedBundle.executable(org.bytedeco.ffmpeg.ffmpeg.class, "ffmpeg"));
        assertEquals(Optional.of(ffmpeg.ffprobePath()), UnpackedBundle.executable(org.bytedeco.ffmpeg.ffprobe.class, "ffprobe"));
    }

    @Test
    void anUnpackedFileThatIsNotTheJarsEntryIsNotTaken() throws Exception {
        Path ffprobe = Ffmpeg.get().ffprobePath();
        FileTime original = Files.getLastModifiedTime(ffprobe);
        try {
            Files.setLastModifiedTime(ffprobe, FileTime.fromMillis(original.toMillis() + 60_000)); // as from another bundle
            assertTrue(UnpackedBundle.executable(org.bytedeco.ffmpeg.ffprobe.class, "ffprobe").isEmpty());
        } finally {
            Files.setLastModifiedTime(ffprobe, original);
        }
    }
}
