package io.vidfleet.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BullmqPeerTest {
    @TempDir
    Path dir;

    @Test
    void withoutNodeTheRowsAreSkippedWithANoteAndNothingIsInstalled() throws Exception {
        Path empty = Files.createDirectory(dir.resolve("bin"));
        Optional<String> note = new BullmqPeer(dir.resolve("bullmq"), empty.toString()).prepare();
        assertEquals(Optional.of("Node.js (node and npm) not found: the BullMQ rows are skipped"), note);
        assertFalse(Files.exists(dir.resolve("bullmq")));
    }
}
