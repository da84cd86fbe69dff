package io.vidfleet.common.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidfleet.common.error.VidfleetException;
import io.vidfleet.common.media.Ffmpeg;
import io.vidfleet.common.media.ProcessResult;
import io.vidfleet.testing.TestMedia;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every storage backend passes (in the manner of JobRunr's StorageProviderTest): each
 * backend's test extends this class and says only how to make a fresh, empty storage.
 */
public abstract class ChunkStorageContract {
    @TempDir
    protected Path local;

    protected ChunkStorage storage;
    private String job;

    /** A fresh, empty storage of the backend under test. */
    protected abstract ChunkStorage newStorage() throws Exception;

    @BeforeEach
    void setUpStorage() throws Exception {
        storage = newStorage();
        job = "20261127-000000-" + UUID.randomUUID().toString().substring(0, 6);
    }

    @Test
    void publishMakesTheWholeFileTheContentOfTheKeyAndConsumesIt() throws IOException {
        String key = ChunkStorage.attemptKey(job, "v00000", 1, "mp4");
        assertFalse(storage.exists(key));
        byte[] content = bytes(70_000, 1);
        Path scratch = storage.scratchFile(key);
        Files.write(scratch, content);
        assertFalse(storage.exists(key), "nothing is visible before publish");
        storage.publish(scratch, key);
        assertTrue(storage.exists(key));
        assertEquals(content.length, storage.size(key));
        assertArrayEquals(content, readAll(key));
        assertFalse(Files.exists(scratch), "the scratch file is consumed");
    }

    @Test
    void publishReplacesEarlierContent() throws IOException {
        String key = ChunkStorage.jobDir(job) + "/concat.txt";
        publish(key, bytes(5000, 2));
        byte[] second = bytes(300, 3);
        publish(key, second);
        assertArrayEquals(second, readAll(key));
    }

    @Test
    void attemptsAtOneTaskHaveTheirOwnKeys() throws IOException {
        String first = ChunkStorage.attemptKey(job, "v00003", 7, "mp4");
        String second = ChunkStorage.attemptKey(job, "v00003", 8, "mp4");
        assertNotEquals(first, second);
        publish(first, bytes(1000, 4));
        publish(second, bytes(2000, 5));
        storage.delete(first); // the rejected attempt goes; the accepted one is untouched
        assertFalse(storage.exists(first));
        assertArrayEquals(bytes(2000, 5), readAll(second));
    }

    @Test
    void byteRangesReturnExactlyThoseBytes() throws IOException {
        String key = ChunkStorage.jobDir(job) + "/source.mp4";
        byte[] content = bytes(1_000_000, 6);
        publish(key, content);
        assertArrayEquals(Arrays.copyOfRange(content, 1000, 6000), read(key, 1000, 5000));
        assertArrayEquals(Arrays.copyOfRange(content, 999_990, 1_000_000), read(key, 999_990, 100), "short at the end");
        assertArrayEquals(Arrays.copyOfRange(content, 500_000, 1_000_000), read(key, 500_000, -1), "to the end");
        assertEquals(0, read(key, 1_000_000, 10).length, "past the end: nothing");
        assertEquals(0, read(key, 10, 0).length);
    }

    @Test
    void readingAMissingKeyNamesIt() {
        String key = ChunkStorage.attemptKey(job, "v00001", 3, "mp4");
        assertFalse(storage.exists(key));
        List<Runnable> reads = List.of(() -> storage.size(key), () -> storage.open(key, 0, 10),
                () -> storage.open(key, 0, 0), () -> storage.download(key, local.resolve("x"), TransferProgress.NONE),
                () -> storage.localCopy(key), () -> storage.mediaInput(key));
        for (Runnable read : reads) {
            MissingKeyException e = assertThrows(MissingKeyException.class, read::run);
            assertTrue(e.getMessage().contains("v00001.t3.mp4"), e.getMessage());
        }
        storage.delete(key); // deleting nothing is fine
        storage.deleteJob(job);
    }

    @Test
    void deleteJobRemovesEverythingOfThatJobAndNothingElse() throws IOException {
        String other = job + "x";
        publish(ChunkStorage.attemptKey(job, "v00000", 1, "mp4"), bytes(10, 7));
        publish(ChunkStorage.attemptKey(job, "audio", 2, "m4a"), bytes(10, 8));
        publish(ChunkStorage.attemptKey(other, "v00000", 1, "mp4"), bytes(10, 9));
        String output = ChunkStorage.outputKey(job, ".mp4");
        publish(output, bytes(10, 10));
        storage.deleteJob(job);
        assertFalse(storage.exists(ChunkStorage.attemptKey(job, "v00000", 1, "mp4")));
        assertFalse(storage.exists(ChunkStorage.attemptKey(job, "audio", 2, "m4a")));
        assertTrue(storage.exists(ChunkStorage.attemptKey(other, "v00000", 1, "mp4")), "another job whose id starts the same");
        assertTrue(storage.exists(output), "outputs stay");
    }

    @Test
    void importCopiesTheUsersFileAndReportsProgress() throws IOException {
        Path file = local.resolve("My Movie.MP4");
        byte[] content = bytes(300_000, 11);
        Files.write(file, content);
        List<long[]> progress = new ArrayList<>();
        String key = storage.importInput(job, file, (done, total) -> progress.add(new long[] {done, total}));
        assertEquals(ChunkStorage.jobDir(job) + "/source.mp4", key);
        assertArrayEquals(content, readAll(key));
        assertArrayEquals(content, Files.readAllBytes(file), "the user's file is untouched");
        long[] last = progress.get(progress.size() - 1);
        assertEquals(content.length, last[0]);
        assertEquals(content.length, last[1]);
    }

    @Test
    void largeFilesArePublishedWhole() throws IOException {
        String key = ChunkStorage.outputKey(job, ".mkv");
        byte[] content = bytes(11 * 1024 * 1024 + 123, 12); // more than one part where the backend uploads in parts
        publish(key, content);
        assertEquals(content.length, storage.size(key));
        Path copy = local.resolve("copy.mkv");
        List<Long> seen = new ArrayList<>();
        storage.download(key, copy, (done, total) -> seen.add(done));
        assertArrayEquals(content, Files.readAllBytes(copy));
        assertEquals(content.length, seen.get(seen.size() - 1));
    }

    @Test
    void localCopyHasTheContent() throws IOException {
        String key = ChunkStorage.attemptKey(job, "audio", 1, "m4a");
        publish(key, bytes(4000, 13));
        Path path;
        try (LocalCopy copy = storage.localCopy(key)) {
            path = copy.path();
            assertArrayEquals(bytes(4000, 13), Files.readAllBytes(path));
        }
        assertTrue(storage.exists(key), "closing a copy keeps the stored object");
    }

    @Test
    void keysThatLeaveTheStorageAreRefused() {
        for (String key : List.of("../escape.mp4", "jobs/../../escape.mp4", "/etc/passwd")) {
            assertThrows(VidfleetException.class, () -> storage.publish(local.resolve("none"), key), key);
            assertThrows(VidfleetException.class, () -> storage.exists(key), key);
        }
    }

    @Test
    void locationsMapBackToTheirKeys() {
        String key = ChunkStorage.outputKey(job, ".mp4");
        assertEquals(key, storage.keyOf(storage.location(key)));
        assertEquals(null, storage.keyOf(local.resolve("elsewhere.mp4").toString()));
    }

    @Test
    void ffmpegReadsWhatMediaInputNames() throws IOException {
        String key = ChunkStorage.jobDir(job) + "/source.mp4";
        Path clip = TestMedia.standard("contract-1s.mp4", 1, 64, 48);
        publish(key, Files.readAllBytes(clip));
        MediaInput input = storage.mediaInput(key);
        List<String> args = new ArrayList<>(input.inputArgs());
        args.addAll(List.of("-map", "0:v:0", "-f", "null", "-"));
        ProcessResult result = Ffmpeg.get().run(Ffmpeg.get().ffmpeg(args.toArray(String[]::new)));
        assertTrue(result.ok(), result.stderrTail());
    }

    protected void publish(String key, byte[] content) throws IOException {
        Path scratch = storage.scratchFile(key);
        Files.write(scratch, content);
        storage.publish(scratch, key);
    }

    protected byte[] readAll(String key) throws IOException {
        return read(key, 0, -1);
    }

    protected byte[] read(String key, long offset, long length) throws IOException {
        try (InputStream in = storage.open(key, offset, length)) {
            return in.readAllBytes();
        }
    }

    protected static byte[] bytes(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }
}
