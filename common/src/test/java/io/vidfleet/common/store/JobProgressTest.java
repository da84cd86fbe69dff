package io.vidfleet.common.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** JobProgress writes its equals out (see there): it must still be the equality of every component. */
class JobProgressTest {
    private static final JobProgress SOME = new JobProgress("job-1", "running", 1, 4, 2, 5, 300, 1200, 48.5,
            List.of("worker-a"), null, null);

    @Test
    void progressWithTheSameComponentsIsEqualAndHashesAlike() {
        JobProgress same = new JobProgress("job-1", "running", 1, 4, 2, 5, 300, 1200, 48.5, List.of("worker-a"), null, null);
        assertEquals(SOME, same);
        assertEquals(SOME.hashCode(), same.hashCode());
    }

    @Test
    void progressDiffersWhenAnyOneComponentDiffers() {
        List<UnaryOperator<JobProgress>> changes = List.of(
                p -> new JobProgress("job-2", p.state(), p.chunksDone(), p.chunksTotal(), p.tasksDone(), p.tasksTotal(), p.framesDone(), p.framesTotal(), p.fps(), p.workers(), p.reason(), p.output()),
                p -> new JobProgress(p.job(), "stitching", p.chunksDone(), p.chunksTotal(), p.tasksDone(), p.tasksTotal(), p.framesDone(), p.framesTotal(), p.fps(), p.workers(), p.reason(), p.output()),
                p -> new JobProgress(p.job(), p.state(), 2, p.chunksTotal(), p.tasksDone(), p.tasksTotal(), p.framesDone(), p.framesTotal(), p.fps(), p.workers(), p.reason(), p.output()),
                p -> new JobProgress(p.job(), p.state(), p.chunksDone(), 5, p.tasksDone(), p.tasksTotal(), p.framesDone(), p.framesTotal(), p.fps(), p.workers(), p.reason(), p.output()),
                p -> new JobProgress(p.job(), p.state(), p.chunksDone(), p.chunksTotal(), 3, p.tasksTotal(), p.framesDone(), p.framesTotal(), p.fps(), p.workers(), p.reason(), p.output()),
                p -> new JobProgress(p.job(), p.state(), p.chunksDone(), p.chunksTotal(), p.tasksDone(), 6, p.framesDone(), p.framesTotal(), p.fps(), p.workers(), p.reason(), p.output()),
                p -> new JobProgress(p.job(), p.state(), p.chunksDone(), p.chunksTotal(), p.tasksDone(), p.tasksTotal(), 301, p.framesTotal(), p.fps(), p.workers(), p.reason(), p.output()),
                p -> new JobProgress(p.job(), p.state(), p.chunksDone(), p.chunksTotal(), p.tasksDone(), p.tasksTotal(), p.framesDone(), 1201, p.fps(), p.workers(), p.reason(), p.output()),
                p -> new JobProgress(p.job(), p.state(), p.chunksDone(), p.chunksTotal(), p.tasksDone(), p.tasksTotal(), p.framesDone(), p.framesTotal(), 48.6, p.workers(), p.reason(), p.output()),
                p -> new JobProgress(p.job(), p.state(), p.chunksDone(), p.chunksTotal(), p.tasksDone(), p.tasksTotal(), p.framesDone(), p.framesTotal(), p.fps(), List.of("worker-b"), p.reason(), p.output()),
                p -> new JobProgress(p.job(), p.state(), p.chunksDone(), p.chunksTotal(), p.tasksDone(), p.tasksTotal(), p.framesDone(), p.framesTotal(), p.fps(), p.workers(), "encoder failed", p.output()),
                p -> new JobProgress(p.job(), p.state(), p.chunksDone(), p.chunksTotal(), p.tasksDone(), p.tasksTotal(), p.framesDone(), p.framesTotal(), p.fps(), p.workers(), p.reason(), "out.mp4"));
        assertEquals(JobProgress.class.getRecordComponents().length, changes.size(), "one change per component");
        for (int i = 0; i < changes.size(); i++) {
            assertNotEquals(SOME, changes.get(i).apply(SOME), "component " + JobProgress.class.getRecordComponents()[i].getName());
        }
    }
}
