package io.vidfleet.common.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vidfleet.common.error.VidfleetException;
import io.vidfleet.common.jobs.JobRecord;
import io.vidfleet.common.jobs.TaskRecord;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ids read from Redis never become a path outside a job's own directory. */
class StorageConfinementTest {
    @TempDir
    Path dir;

    @Test
    void aKeyThatResolvesToTheRootOrOutsideIsRefused() {
        SharedDirectoryStorage storage = new SharedDirectoryStorage(dir);
        assertThrows(VidfleetException.class, () -> storage.localPath("jobs/.."));
        assertThrows(VidfleetException.class, () -> storage.localPath(""));
        assertThrows(VidfleetException.class, () -> storage.localPath("."));
        assertThrows(VidfleetException.class, () -> storage.localPath("../elsewhere"));
        assertThrows(VidfleetException.class, () -> storage.localPath("/etc/passwd"));
        assertThrows(VidfleetException.class, () -> storage.deleteJob(".."));
        assertEquals(dir.resolve("jobs/a/b.mp4").toAbsolutePath().normalize(), storage.localPath("jobs/a/b.mp4"));
    }

    @Test
    void jobAndTaskIdsMatchAStrictPatternBeforeTheyBecomeKeys() {
        for (String bad : new String[] {"..", ".", "", "a/b", "../../../outputs/victim", "a\\b", "x\u0000", "a b", "-x"}) {
            assertThrows(VidfleetException.class, () -> ChunkStorage.jobDir(bad), bad);
            assertThrows(VidfleetException.class, () -> ChunkStorage.attemptKey("job1", bad, 1, "mp4"), bad);

        }
        assertEquals("jobs/20261127-171904-e9lv7n/tasks/v00003.t7.mp4",
                ChunkStorage.attemptKey("20261127-171904-e9lv7n", "v00003", 7, "mp4"));
    }

    @Test
    void recordsWithBadIdsOrFieldsFailToParseWithOneReason() {
        assertThrows(VidfleetException.class, () -> JobRecord.fromHash(Map.of("id", "..", "state", "cancelled")));
        VidfleetException bogus = assertThrows(VidfleetException.class,
                () -> JobRecord.fromHash(Map.of("id", "job1", "state", "bogus")));
        assertEquals(true, bogus.getMessage().contains("job1"), bogus.getMessage());
        assertThrows(VidfleetException.class, () -> JobRecord.fromHash(Map.of("id", "job1", "state", "done", "tasksTotal", "x")));
        assertThrows(VidfleetException.class, () -> TaskRecord.fromHash(Map.of("state", "ready",
                "spec", "{\"id\":\"../../../outputs/victim\",\"kind\":\"AUDIO\"}")));
        assertThrows(VidfleetException.class, () -> TaskRecord.fromHash(Map.of("state", "bogus",
                "spec", "{\"id\":\"audio\",\"kind\":\"AUDIO\"}")));
    }
}
