package io.vidfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidfleet.common.jobs.JobRecord;
import io.vidfleet.common.jobs.JobState;
import io.vidfleet.common.jobs.TaskRecord;
import io.vidfleet.common.jobs.TaskState;
import io.vidfleet.common.media.Ffmpeg;
import io.vidfleet.common.media.FrameTimeline;
import io.vidfleet.common.media.MediaProbe;
import io.vidfleet.coordinator.JobSubmitter;
import io.vidfleet.coordinator.SubmitRequest;
import io.vidfleet.common.redis.RedisKeys;
import io.vidfleet.common.store.JobStore;
import redis.clients.jedis.UnifiedJedis;
import io.vidfleet.testing.OddMedia;
import io.vidfleet.testing.TestMedia;
import io.vidfleet.worker.Worker;
import java.nio.file.Files;
import io.vidfleet.testing.TestRedis;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 7: every class of file that one ffmpeg transcodes comes out of vidfleet too, with every frame a
 * sequential decode of the source yields, on a continuous timeline, and a note where the job did
 * something other than the plain path. Generated equivalents of the real files, 1 s chunks.
 */
class OddInputsIT {
    private static final MediaProbe PROBE = new MediaProbe(Ffmpeg.get());
    private static Cluster cluster;

    @BeforeAll
    static void start() {
        cluster = new Cluster(TestRedis.store(), 2, Cluster.fastSettings());
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    static Stream<Arguments> inputs() {
        return Stream.of(
                Arguments.of("raw MPEG-1 elementary stream, B-frames", (Supplier<Path>) OddMedia::rawMpeg1, "decode order"),
                Arguments.of("raw MPEG-2 elementary stream, mostly B-frames", (Supplier<Path>) OddMedia::rawMpeg2ManyBFrames, "decode order"),
                Arguments.of("AVI, MPEG-4 Part 2 with B-frames, AC-3", (Supplier<Path>) OddMedia::aviMpeg4BFrames, null),
                Arguments.of("AVI, XviD packed B-frames, no timestamps, AC-3", (Supplier<Path>) OddMedia::aviPackedBFrames, null),
                Arguments.of("transport stream whose timeline restarts", (Supplier<Path>) OddMedia::transportStreamRestart, "restarts"),
                Arguments.of("Matroska whose timeline restarts, clamped by its muxer", (Supplier<Path>) OddMedia::matroskaBrokenTimeline, "decode order"),
                Arguments.of("MP4 with damaged IDR slices", (Supplier<Path>) OddMedia::mp4DamagedSlices, "does not decode cleanly"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inputs")
    void keepsEveryFrameOfASequentialDecode(String name, Supplier<Path> clip, String expectedNote) {
        Path source = clip.get();
        int reference = OddMedia.sequentialDecodeFrames(source);
        JobRecord job = run(source);
        assertEquals(JobState.DONE, job.state(), name + ": " + job.reason());
        FrameTimeline out = PROBE.timeline(cluster.output(job));
        assertEquals(reference, out.size(), name + ": frames, against one sequential decode of the source");
        assertContinuous(out);
        List<String> notes = cluster.store.notes(job.id());
        if (expectedNote != null) {
            assertTrue(notes.stream().anyMatch(n -> n.contains(expectedNote)), name + ": notes " + notes);
        }
    }

    @Test
    void anAudioStreamWithoutPacketsIsIgnoredAndTheOutputIsVideoOnly() {
        Path source = OddMedia.transportStreamEmptyAudio();
        JobRecord job = run(source);
        assertEquals(JobState.DONE, job.state(), job.reason());
        Path output = cluster.output(job);
        assertNull(RoundTripIT.stream(PROBE.streams(output), "audio"), "video-only output");
        assertEquals(OddMedia.sequentialDecodeFrames(source), PROBE.timeline(output).size());
        List<String> notes = cluster.store.notes(job.id());
        assertTrue(notes.stream().anyMatch(n -> n.contains("carries no packets")), "notes: " + notes);
        assertTrue(notes.stream().anyMatch(n -> n.contains("video-only")), "notes: " + notes);
    }

    @Test
    void audioThatHasPacketsButDoesNotDecodeFailsTheJobWithItsReason() {
        JobRecord job = run(OddMedia.transportStreamBrokenAudio());
        assertEquals(JobState.FAILED, job.state());
        assertTrue(job.reason() != null && job.reason().contains("audio"), "reason: " + job.reason());
    }

    @Test
    void aChunkWhoseRangeDecodesToNoFrameIsMergedWithItsNeighbours() {
        // all of chunk 3 (3 s to 4 s) and the end of chunk 2: nothing follows the damage, so no frame after it is retimed
        Path source = OddMedia.mjpegWithDeadFrames(85, 120);
        JobRecord job = runToEveryDecodedFrame(source);
        List<String> notes = cluster.store.notes(job.id());
        assertTrue(notes.stream().anyMatch(n -> n.startsWith("chunks 2-3 merged: the source does not decode cleanly"
                + " between 3.000 s and 4.000 s")), "notes: " + notes);
        List<TaskRecord> tasks = cluster.store.tasks(job.id());
        assertTrue(tasks.stream().noneMatch(t -> t.spec().wholeVideo()), "a merge was enough: " + states(tasks));
        assertEquals(TaskState.MERGED, task(tasks, "v00003").state(), states(tasks));
        assertEquals(TaskState.DONE, task(tasks, "v00002-00003").state(), states(tasks));
    }

    @Test
    void aRangeThatNoMergeCanCutFallsBackToTheWholeVideoAsOneTask() {
        Path source = OddMedia.mjpegWithDeadFrames(0, 90); // chunks 0-2: only the last second decodes
        JobRecord job = runToEveryDecodedFrame(source);
        List<String> notes = cluster.store.notes(job.id());
        assertTrue(notes.stream().anyMatch(n -> n.startsWith("whole video encoded as one task (chunks 0-3)")), "notes: " + notes);
        List<TaskRecord> tasks = cluster.store.tasks(job.id());
        List<TaskRecord> live = tasks.stream().filter(t -> t.state() != TaskState.MERGED).toList();
        assertEquals(1, live.size(), states(tasks));
        assertTrue(live.get(0).spec().wholeVideo() && live.get(0).state() == TaskState.DONE, states(tasks));
    }

    @Test
    void aFrameLostAtAJoinIsCaughtAtTheStitchAndTheWholeVideoIsEncodedAsOneTask() {
        // after the damage the decoder times frames one packet late: cut on timestamps, a frame falls between chunks
        Path source = OddMedia.mjpegWithDeadFrames(30, 60);
        JobRecord job = runToEveryDecodedFrame(source);
        List<String> notes = cluster.store.notes(job.id());
        assertTrue(notes.stream().anyMatch(n -> n.startsWith("whole video encoded as one task (chunks 0-3): the stitched"
                + " output could not be verified")), "notes: " + notes);
    }

    @Test
    void anInputThatDecodesNowhereFailsAfterTheLastCoarseningRoundWithoutRetries() throws Exception {
        // keys of its own: the other tests' workers must not pick this job up (with storage they do not share)
        try (UnifiedJedis client = TestRedis.client();
             Cluster idle = new Cluster(new JobStore(client, new RedisKeys("vf-odd-inputs")), 0, Cluster.fastSettings())) {
            var submitted = new JobSubmitter(idle.store, idle.storage)
                    .submit(SubmitRequest.of(TestMedia.noAudio(), "h264-720p").withChunkLength(Duration.ofSeconds(1)));
            // the stored input goes bad before any worker sees it: every chunk now fails the same way
            Path stored = idle.storage.localPath(idle.store.get(submitted.jobId()).input());
            Files.delete(stored); // a hard link to the shared test clip: writing through it spoilt the clip for later tests
            Files.write(stored, "not a video at all ".repeat(2000).getBytes());
            Worker worker = new Worker(idle.store, idle.storage, Cluster.fastSettings());
            worker.start();
            idle.workers.add(worker);
            JobRecord job = idle.await(submitted.jobId(), Duration.ofMinutes(2));
            assertEquals(JobState.FAILED, job.state());
            assertTrue(job.reason().contains("after 1 attempt(s)") && job.reason().contains("Invalid data"), job.reason());
            assertTrue(job.reason().contains("nothing coarser is left after 2 coarsening round(s)"), job.reason());
            assertTrue(!job.reason().contains("\n"), "one line: " + job.reason());
            List<TaskRecord> tasks = idle.store.tasks(job.id());
            assertTrue(tasks.stream().allMatch(t -> t.attempts() <= 1), "no task retried: " + attempts(tasks));
            assertTrue(tasks.stream().anyMatch(t -> t.spec().wholeVideo() && t.state() == TaskState.DEAD),
                    "the whole video was tried last: " + states(tasks));
            assertEquals("2", idle.store.redis().hget(idle.store.keys().job(job.id()), "coarsenRounds"));
        }
    }

    private static JobRecord run(Path source) {
        // one slot: the planned chunks (and so the notes' chunk numbers) are those of the plain plan
        var submitted = new JobSubmitter(cluster.store, cluster.storage).withParallelism(1)
                .submit(SubmitRequest.of(source, "h264-720p").withChunkLength(Duration.ofSeconds(1)));
        return cluster.await(submitted.jobId(), Duration.ofMinutes(3));
    }

    /** No gap or step back anywhere: each frame follows the one before by less than three frame lengths. */
    private static void assertContinuous(FrameTimeline out) {
        double frame = out.averageFrameSeconds();
        for (int i = 1; i < out.size(); i++) {
            double step = out.seconds(i) - out.seconds(i - 1);
            assertTrue(step > 0 && step < 3 * frame, "frame " + i + " follows the one before by " + step + " s");
        }
    }

    /** Runs the job and checks it ended done with the frame count of one sequential decode of the source. */
    private static JobRecord runToEveryDecodedFrame(Path source) {
        int reference = OddMedia.sequentialDecodeFrames(source);
        JobRecord job = run(source);
        assertEquals(JobState.DONE, job.state(), job.reason());
        assertEquals(reference, PROBE.timeline(cluster.output(job)).size(), "frames, against one sequential decode");
        return job;
    }

    private static TaskRecord task(List<TaskRecord> tasks, String id) {
        return tasks.stream().filter(t -> t.spec().id().equals(id)).findFirst().orElseThrow(() -> new AssertionError(states(tasks)));
    }

    /** Tasks' states, for messages. */
    static String states(List<TaskRecord> tasks) {
        return tasks.stream().map(t -> t.spec().id() + "=" + t.state().wire()).toList().toString();
    }

    /** Tasks' attempts, for messages. */
    static String attempts(List<TaskRecord> tasks) {
        return tasks.stream().map(t -> t.spec().id() + "=" + t.attempts()).toList().toString();
    }
}
