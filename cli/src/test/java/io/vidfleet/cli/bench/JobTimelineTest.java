package io.vidfleet.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobTimelineTest {
    private static Map<String, String> event(long at, String name, String... more) {
        Map<String, String> map = new java.util.HashMap<>(Map.of("at", Long.toString(at), "event", name));
        for (int i = 0; i < more.length; i += 2) {
            map.put(more[i], more[i + 1]);
        }
        return map;
    }

    private static final List<Map<String, String>> LOG = List.of(
            event(1_300, "job-created", "tasks", "3"),
            event(1_200, "probed", "startedAt", "1100"),
            event(1_250, "planned"),
            event(1_400, "claimed", "task", "audio", "worker", "w1"),
            event(1_410, "claimed", "task", "v00000", "worker", "w1"),
            event(1_420, "claimed", "task", "v00001", "worker", "w2"),
            event(1_600, "done", "task", "audio"),
            event(2_000, "retry", "task", "v00001"),
            event(2_100, "claimed", "task", "v00001", "worker", "w1"),
            event(3_000, "done", "task", "v00000"),
            event(4_000, "done", "task", "v00001"),
            event(4_000, "encoded"),
            event(4_100, "stitch-started"),
            event(4_300, "stitched"),
            event(4_350, "verified"),
            event(4_360, "job-done"));

    @Test
    void phasesCoverTheRunFromCommandStartToExit() {
        Phases phases = JobTimeline.of("j", LOG).phases(1_000, 4_500);
        assertEquals(new Phases(100, 100, 100, 100, 2_600, 300, 50, 150), phases);
        assertEquals(4_500 - 1_000, phases.serial() + phases.encode());
    }

    @Test
    void onlyTheLastClaimOfARetriedTaskCounts() {
        JobTimeline timeline = JobTimeline.of("j", LOG);
        assertEquals(List.of(new TaskSpan("audio", "w1", 1_400, 1_600, true), new TaskSpan("v00000", "w1", 1_410, 3_000, false),
                new TaskSpan("v00001", "w1", 2_100, 4_000, false)), timeline.tasks());
        assertEquals(200 + 1_590 + 1_900, timeline.workMillis());
    }

    @Test
    void theEndSpreadIsHowLongBeforeTheLastWorkerTheFirstFinishedItsLastTask() {
        // without the retry, w2 finishes v00001 at 4,000, and w1 its audio at 1,600 and v00000 at 3,000
        List<Map<String, String>> noRetry = LOG.stream()
                .filter(e -> !e.get("event").equals("retry") && !e.get("at").equals("2100")).toList();
        assertEquals(1_000, JobTimeline.of("j", noRetry).endSpreadMillis());
        assertEquals(0, JobTimeline.of("j", LOG).endSpreadMillis(), "one worker finished every task (w2's claim was retried)");
    }

    @Test
    void anOlderBuildsLogCountsProbeAndPlanInStartUp() {
        List<Map<String, String>> old = LOG.stream().filter(e -> !List.of("probed", "planned", "stitch-started", "stitched", "verified")
                .contains(e.get("event"))).toList();
        Phases phases = JobTimeline.of("j", old).phases(1_000, 4_500);
        assertEquals(new Phases(300, -1, -1, 100, 2_600, 360, -1, 140), phases);
        assertEquals(3_500, phases.serial() + phases.encode());
    }
}
