package io.vidfleet.common.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidfleet.common.error.BadInputException;
import io.vidfleet.common.media.FrameTimeline;
import io.vidfleet.common.media.Rational;
import io.vidfleet.common.profile.Profiles;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ChunkPlannerTest {
    /** A decode share: a frame decoded and thrown away costs a third of one encoded. */
    private static final double THIRD = 1.0 / 3;

    /** {@code n} frames at 30 fps (time base 1/30), a keyframe every {@code gop} frames, decode times two frames early. */
    private static FrameTimeline cfr(int n, int gop) {
        long[] pts = new long[n];
        long[] dts = new long[n];
        boolean[] key = new boolean[n];
        for (int i = 0; i < n; i++) {
            pts[i] = i;
            dts[i] = i - 2;
            key[i] = i % gop == 0;
        }
        return new FrameTimeline(new Rational(1, 30), pts, dts, key, 1);
    }

    private static void assertCoversEveryFrameOnce(ChunkPlan plan, int frames) {
        int next = 0;
        for (ChunkSpec chunk : plan.chunks()) {
            assertEquals(next, chunk.startFrame(), "chunks must be contiguous");
            assertTrue(chunk.frames() > 0, "no empty chunk");
            next = chunk.endFrame();
        }
        assertEquals(frames, next);
        assertEquals(frames, plan.totalFrames());
    }

    @Test
    void cutsOnKeyframesWhenTheyLieNearTheTarget() {
        ChunkPlan plan = new ChunkPlanner(Duration.ofSeconds(10)).plan(cfr(1800, 60), 0);
        assertCoversEveryFrameOnce(plan, 1800);
        assertEquals(6, plan.chunks().size());
        assertEquals(0, plan.midGopCuts());
        plan.chunks().forEach(c -> assertEquals(0, c.startFrame() % 60));
    }

    @Test
    void cutsBetweenKeyframesWhenGopsAreLongerThanChunks() {
        ChunkPlan plan = new ChunkPlanner(Duration.ofSeconds(2)).plan(cfr(300, 300), 0);
        assertCoversEveryFrameOnce(plan, 300);
        assertEquals(5, plan.chunks().size());
        assertEquals(4, plan.midGopCuts());
        ChunkSpec second = plan.chunks().get(1);
        assertEquals(60, second.startFrame());
        assertFalse(second.seeks(), "the only keyframe is frame 0: decode from the start");
        assertEquals((59 + 60) / 2.0 / 30, second.trimStart(), 1e-9, "trim half way between frames 59 and 60");
        assertEquals((119 + 120) / 2.0 / 30, second.trimEnd(), 1e-9);
    }

    @Test
    void seeksToTheDecodeTimeOfTheKeyframeBeforeAChunk() {
        ChunkPlan plan = new ChunkPlanner(Duration.ofSeconds(3)).plan(cfr(600, 200), 0);
        ChunkSpec chunk = plan.chunks().stream().filter(c -> c.seeks() && !c.startsOnKeyframe()).findFirst().orElseThrow();
        int keyframe = chunk.startFrame() / 200 * 200;
        assertTrue(chunk.seekSeconds() <= (keyframe - 2) / 30.0, "never past the keyframe's decode time");
        assertTrue(chunk.seekSeconds() > (keyframe - 3) / 30.0, "but not a frame earlier");
    }

    @Test
    void mergesAShortTailIntoTheLastChunk() {
        ChunkPlan plan = new ChunkPlanner(Duration.ofSeconds(10)).plan(cfr(30 * 22, 30), 0);
        assertCoversEveryFrameOnce(plan, 660);
        assertEquals(2, plan.chunks().size(), "22 s in 10 s chunks: the 2 s tail joins the last chunk");
        assertEquals(-1, plan.chunks().get(1).trimEnd());
    }

    @Test
    void aShortVideoIsOneChunk() {
        ChunkPlan plan = new ChunkPlanner(Duration.ofSeconds(10)).plan(cfr(5, 250), 0);
        assertEquals(1, plan.chunks().size());
        assertEquals(-1, plan.chunks().get(0).trimStart());
        assertEquals(-1, plan.chunks().get(0).trimEnd());
    }

    @Test
    void durationsFollowVariableFrameRates() {
        long[] pts = new long[90];
        long[] dts = new long[90];
        boolean[] key = new boolean[90];
        for (int i = 0; i < 90; i++) {
            pts[i] = i < 60 ? i * 20L : 1200 + (i - 60) * 30L; // 30 fps then 20 fps, time base 1/600
            dts[i] = pts[i];
            key[i] = i % 10 == 0;
        }
        FrameTimeline vfr = new FrameTimeline(new Rational(1, 600), pts, dts, key, 30);
        ChunkPlan plan = new ChunkPlanner(Duration.ofMillis(1000)).plan(vfr, 0);
        assertCoversEveryFrameOnce(plan, 90);
        double total = plan.chunks().stream().mapToDouble(ChunkSpec::durationSeconds).sum();
        assertEquals(vfr.endSeconds(), total, 1e-9, "chunk durations add up to the stream's");
    }

    @Test
    void rejectsANonPositiveLength() {
        assertThrows(BadInputException.class, () -> new ChunkPlanner(Duration.ZERO));
    }

    /**
     * Workers take chunks in order, each as soon as it is free: when each slot ends, with each chunk costing its
     * frames (plus the frames it decodes and throws away before a cut between keyframes, at {@code decodeShare} of
     * a frame's cost each).
     */
    private static double[] busyUntil(ChunkPlan plan, int slots, int gop, double decodeShare) {
        double[] busyUntil = new double[slots];
        for (ChunkSpec chunk : plan.chunks()) {
            int slot = 0;
            for (int i = 1; i < slots; i++) {
                slot = busyUntil[i] < busyUntil[slot] ? i : slot;
            }
            int decodedBefore = chunk.startFrame() % gop;
            busyUntil[slot] += chunk.frames() + decodedBefore * decodeShare;
        }
        return busyUntil;
    }

    /** The time from the first slot running out of work to the last slot finishing, in frames. */
    private static double idleTailFrames(ChunkPlan plan, int slots, int gop, double decodeShare) {
        double[] busyUntil = busyUntil(plan, slots, gop, decodeShare);
        return Arrays.stream(busyUntil).max().orElseThrow() - Arrays.stream(busyUntil).min().orElseThrow();
    }

    /** When the last slot ends, in frames. */
    private static double slotsEnd(ChunkPlan plan, int slots, int gop, double decodeShare) {
        return Arrays.stream(busyUntil(plan, slots, gop, decodeShare)).max().orElseThrow();
    }

    @Test
    void theTailIsCutFinerSoTheSlotsFinishTogether() {
        // the bench's sample: 60 s at 30 fps, a keyframe every 250 frames; 10 s chunks land on 7 keyframe chunks
        FrameTimeline frames = cfr(1800, 250);
        ChunkPlan plain = new ChunkPlanner(Duration.ofSeconds(10)).plan(frames, 0);
        ChunkPlan guided = new ChunkPlanner(Duration.ofSeconds(10), 2).plan(frames, 0);
        assertCoversEveryFrameOnce(guided, 1800);
        assertEquals(300, idleTailFrames(plain, 2, 250, THIRD), 1e-9, "7 chunks on 2 slots: one slot idles for the whole last chunk");
        assertTrue(idleTailFrames(guided, 2, 250, THIRD) <= 75, "the last chunks end within a few seconds of each other: "
                + idleTailFrames(guided, 2, 250, THIRD) + " frames apart");
        assertEquals(List.of(0, 250, 500, 750, 1000, 1250, 1500, 1650),
                guided.chunks().stream().map(ChunkSpec::startFrame).toList(), "full keyframe chunks, then the rest halved");
    }

    @Test
    void aPoolThatCannotGrowGetsASharePerSlotAndTheSlotsEndTogether() {
        // the bench's sample on `local --workers 2`: no worker joins later, and every chunk costs an FFmpeg start
        FrameTimeline frames = cfr(1800, 250);
        ChunkPlan plan = ChunkPlanner.forFixedPool(Duration.ofSeconds(10), 2, THIRD).plan(frames, 0);
        assertCoversEveryFrameOnce(plan, 1800);
        assertEquals(2, plan.chunks().size(), "one chunk per slot: " + plan.chunks());
        assertTrue(idleTailFrames(plan, 2, 250, THIRD) <= 60, "no keyframe lies within 2.5 s of half way: the cut goes"
                + " between keyframes, not 100 frames off (" + idleTailFrames(plan, 2, 250, THIRD) + " frames apart)");
    }

    @Test
    void theLastCutCountsWhatTheLastChunkDecodesBeforeItsFirstFrameSoTheSlotsEndAsSoonAsAnyCutAllows() {
        // the bench's sample has a keyframe every 250 frames: half way lies 150 frames past one, and the second
        // chunk decodes those 150 too; at h264-720p's share, cutting half way kept one slot 39 frames (0.5 s) longer
        for (String profile : List.of("h264-720p", "h264-1080p", "hevc-720p", "av1-720p", "h264-nvenc-720p")) {
            double share = Profiles.named(profile).decodeShare();
            for (int gop : List.of(97, 250, 400, 1000)) {
                ChunkPlan plan = ChunkPlanner.forFixedPool(Duration.ofSeconds(10), 2, share).plan(cfr(1800, gop), 0);
                assertCoversEveryFrameOnce(plan, 1800);
                assertEquals(2, plan.chunks().size(), profile + ", GOP " + gop + ": " + plan.chunks());
                double best = IntStream.range(1, 1800)
                        .mapToDouble(cut -> Math.max(cut, 1800 - cut + (cut % gop) * share)).min().orElseThrow();
                assertTrue(slotsEnd(plan, 2, gop, share) <= best + 1, profile + ", GOP " + gop + ": the slots end at "
                        + slotsEnd(plan, 2, gop, share) + " frames, the best cut ends them at " + best);
            }
        }
    }

    @Test
    void threeSlotsEndAsSoonAsAnyTwoCutsAllow() {
        for (double share : List.of(Profiles.named("h264-720p").decodeShare(), 1.0)) {
            for (int gop : List.of(97, 250, 590)) {
                ChunkPlan plan = ChunkPlanner.forFixedPool(Duration.ofSeconds(10), 3, share).plan(cfr(1800, gop), 0);
                assertCoversEveryFrameOnce(plan, 1800);
                assertEquals(3, plan.chunks().size(), "share " + share + ", GOP " + gop + ": " + plan.chunks());
                double best = Double.MAX_VALUE;
                for (int first = 1; first < 1800; first++) {
                    for (int second = first + 1; second < 1800; second++) {
                        best = Math.min(best, Math.max(first, Math.max(second - first + (first % gop) * share,
                                1800 - second + (second % gop) * share)));
                    }
                }
                assertTrue(slotsEnd(plan, 3, gop, share) <= best + 1, "share " + share + ", GOP " + gop + ": the slots"
                        + " end at " + slotsEnd(plan, 3, gop, share) + " frames, the best cuts end them at " + best);
            }
        }
    }

    @Test
    void aPoolOfManySlotsFillsEverySlotWithChunksNoShorterThanHalfTheTarget() {
        FrameTimeline frames = cfr(1800, 30);
        ChunkPlan eight = ChunkPlanner.forFixedPool(Duration.ofSeconds(10), 8, THIRD).plan(frames, 0);
        assertCoversEveryFrameOnce(eight, 1800);
        assertEquals(8, eight.chunks().size(), eight.chunks().toString());
        ChunkPlan sixteen = ChunkPlanner.forFixedPool(Duration.ofSeconds(10), 16, THIRD).plan(frames, 0);
        sixteen.chunks().forEach(c -> assertTrue(c.frames() >= 150, "chunk " + c.index() + " has " + c.frames() + " frames"));
    }

    @Test
    void aSourceCutOnDecodeOrderGetsAChunkPerSlotInAFixedPoolAndPerTargetInACluster() {
        Rational fps = new Rational(30, 1);
        assertEquals(6, new ChunkPlanner(Duration.ofSeconds(10), 2).planDecodeOrder(1800, fps).chunks().size());
        assertEquals(2, ChunkPlanner.forFixedPool(Duration.ofSeconds(10), 2, THIRD).planDecodeOrder(1800, fps).chunks().size());
        assertEquals(5, ChunkPlanner.forFixedPool(Duration.ofSeconds(10), 2, THIRD).planDecodeOrder(30 * 600, fps)
                .chunks().size(), "10 minutes: no chunk longer than 2 minutes");
    }

    @Test
    void aPoolChunkIsNeverLongerThanTwoMinutes() {
        FrameTimeline frames = cfr(30 * 600, 60); // 10 minutes on 2 slots
        ChunkPlan plan = ChunkPlanner.forFixedPool(Duration.ofSeconds(10), 2, THIRD).plan(frames, 0);
        assertCoversEveryFrameOnce(plan, 30 * 600);
        plan.chunks().forEach(c -> assertTrue(c.durationSeconds() <= 120.0 + 1e-9, c.toString()));
        assertTrue(idleTailFrames(plan, 2, 60, THIRD) <= 60, idleTailFrames(plan, 2, 60, THIRD) + " frames apart");
    }

    @Test
    void aPoolPlansASourceWithOneKeyframeIntoChunksNoShorterThanHalfTheTarget() {
        // every chunk after the first decodes from the file's start: counted, that work grows past what a round takes
        for (int slots : List.of(2, 16)) {
            ChunkPlan plan = ChunkPlanner.forFixedPool(Duration.ofSeconds(10), slots, 1.0).plan(cfr(30 * 600, 30 * 600), 0);
            assertCoversEveryFrameOnce(plan, 30 * 600);
            plan.chunks().forEach(c -> assertTrue(c.frames() >= 150, slots + " slots: " + plan.chunks()));
        }
    }

    @Test
    void tailChunksAreNeverShorterThanHalfTheTarget() {
        ChunkPlan plan = new ChunkPlanner(Duration.ofSeconds(10), 16).plan(cfr(1800, 30), 0);
        assertCoversEveryFrameOnce(plan, 1800);
        plan.chunks().forEach(c -> assertTrue(c.frames() >= 150, "chunk " + c.index() + " has " + c.frames() + " frames"));
    }

    @Test
    void oneSlotPlansAsBefore() {
        FrameTimeline frames = cfr(1800, 250);
        assertEquals(new ChunkPlanner(Duration.ofSeconds(10)).plan(frames, 0),
                new ChunkPlanner(Duration.ofSeconds(10), 1).plan(frames, 0));
    }

    @Test
    void anIndexedDemuxerIsSoughtJustAfterTheKeyframeNotAGopEarly() {
        FrameTimeline frames = cfr(600, 60); // decode times two frames before presentation, as with B-frames
        ChunkPlan plan = new ChunkPlanner(Duration.ofSeconds(2)).plan(frames, 0, KeyframeSeek.BY_INDEX);
        for (ChunkSpec chunk : plan.chunks().subList(1, plan.chunks().size())) {
            int keyframe = chunk.startFrame();
            double pts = keyframe / 30.0;
            assertTrue(chunk.seekSeconds() >= pts, "at or after the keyframe's own timestamp: " + chunk);
            assertTrue(chunk.seekSeconds() < (keyframe + 1) / 30.0, "before the next frame: " + chunk);
            assertTrue(chunk.seekSeconds() < (keyframe + 60 - 2) / 30.0, "before the next keyframe's decode time: " + chunk);
        }
    }

    @Test
    void anyOtherDemuxerIsSoughtAtTheKeyframesDecodeTime() {
        ChunkPlan plan = new ChunkPlanner(Duration.ofSeconds(2)).plan(cfr(600, 60), 0, KeyframeSeek.BY_DECODE_TIME);
        for (ChunkSpec chunk : plan.chunks().subList(1, plan.chunks().size())) {
            assertTrue(chunk.seekSeconds() <= (chunk.startFrame() - 2) / 30.0, "at or before the decode time: " + chunk);
        }
    }

    @Test
    void withNoRoomAfterTheKeyframeTheIndexedSeekFallsBackToTheDecodeTime() {
        // a keyframe every 2 frames, decoded 2 frames early: the next keyframe decodes at this one's timestamp
        FrameTimeline frames = cfr(40, 2);
        ChunkPlan indexed = new ChunkPlanner(Duration.ofMillis(200)).plan(frames, 0, KeyframeSeek.BY_INDEX);
        ChunkPlan byDecodeTime = new ChunkPlanner(Duration.ofMillis(200)).plan(frames, 0, KeyframeSeek.BY_DECODE_TIME);
        assertEquals(byDecodeTime, indexed);
    }

    @Test
    void onlyIsoMediaDemuxersSeekByIndex() {
        assertEquals(KeyframeSeek.BY_INDEX, KeyframeSeek.forFormat("mov,mp4,m4a,3gp,3g2,mj2"));
        assertEquals(KeyframeSeek.BY_DECODE_TIME, KeyframeSeek.forFormat("matroska,webm"));
        assertEquals(KeyframeSeek.BY_DECODE_TIME, KeyframeSeek.forFormat("mpegts"));
        assertEquals(KeyframeSeek.BY_DECODE_TIME, KeyframeSeek.forFormat(null));
    }
}
