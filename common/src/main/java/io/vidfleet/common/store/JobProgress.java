package io.vidfleet.common.store;

import io.vidfleet.common.jobs.JobRecord;
import io.vidfleet.common.jobs.TaskKind;
import io.vidfleet.common.jobs.TaskRecord;
import io.vidfleet.common.jobs.TaskState;
import io.vidfleet.common.json.Json;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * A job's progress at one moment, from its hash, its tasks and the workers' per-chunk progress:
 * video chunks done of all, frames done (finished chunks plus what running encodes report), the
 * summed encode speed of the running chunks, and the workers holding chunks now.
 */
public record JobProgress(String job, String state, int chunksDone, int chunksTotal, int tasksDone, int tasksTotal,
                          long framesDone, long framesTotal, double fps, List<String> workers, String reason,
                          String output) {
    /** Progress older than this is not counted in the encode speed (its worker may be gone). */
    private static final long FRESH_MS = 5_000;

    /** One look (to follow a job, {@link JobProgressReader} reads only what changed). */
    public static JobProgress read(JobStore store, String jobId) {
        return new JobProgressReader(store, jobId).read();
    }

    static JobProgress of(JobRecord job, List<TaskRecord> tasks, Map<String, String> progress, long nowMillis) {
        int chunksDone = 0;
        int chunksTotal = 0;
        long framesDone = 0;
        long framesTotal = 0;
        double fps = 0;
        TreeSet<String> workers = new TreeSet<>();
        for (TaskRecord task : tasks) {
            if (task.state() == TaskState.RUNNING && task.worker() != null) {
                workers.add(task.worker());
            }
            if (task.spec().kind() != TaskKind.VIDEO || task.spec().chunk() == null || task.state() == TaskState.MERGED) {
                continue;
            }
            int frames = task.spec().chunk().frames();
            chunksTotal++;
            framesTotal += frames;
            if (task.state() == TaskState.DONE) {
                chunksDone++;
                framesDone += frames;
            } else if (task.state() == TaskState.RUNNING && progress.containsKey(task.spec().id())) {
                TaskProgress p = parse(progress.get(task.spec().id()));
                if (p != null && p.worker().equals(task.worker())) {
                    framesDone += Math.min(frames, Math.max(0, p.frames()));
                    if (nowMillis - p.at() < FRESH_MS) {
                        fps += p.fps();
                    }
                }
            }
        }
        String output = job.state().wire().equals("done") ? job.output() : null;
        return new JobProgress(job.id(), job.state().wire(), chunksDone, chunksTotal, job.tasksDone(), job.tasksTotal(),
                framesDone, framesTotal, Math.round(fps * 10) / 10.0, List.copyOf(workers), job.reason(), output);
    }

    /** The same progress in another state (a state the job passed through between two looks). */
    public JobProgress withState(String value) {
        boolean queued = value.equals("queued");
        return new JobProgress(job, value, chunksDone, chunksTotal, tasksDone, tasksTotal, framesDone, framesTotal,
                queued ? 0 : fps, queued ? List.of() : workers, reason, value.equals(state) ? output : null);
    }

    /**
     * Written out: a record's generated equals builds its method handles at the first call, about 70 classes spun
     * while the encoders start (a watcher compares every look with the last shown).
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof JobProgress p && chunksDone == p.chunksDone && chunksTotal == p.chunksTotal
                && tasksDone == p.tasksDone && tasksTotal == p.tasksTotal && framesDone == p.framesDone
                && framesTotal == p.framesTotal && Double.compare(fps, p.fps) == 0 && Objects.equals(job, p.job)
                && Objects.equals(state, p.state) && Objects.equals(workers, p.workers)
                && Objects.equals(reason, p.reason) && Objects.equals(output, p.output);
    }

    @Override
    public int hashCode() {
        return Objects.hash(job, state, chunksDone, chunksTotal, tasksDone, tasksTotal, framesDone, framesTotal, fps,
                workers, reason, output);
    }

    public boolean terminal() {
        return state.equals("done") || state.equals("failed") || state.equals("cancelled");
    }

    private static TaskProgress parse(String json) {
        try {
            return Json.read(json, TaskProgress.class);
        } catch (RuntimeException e) {
            return null; // untrusted input: a record that does not parse is ignored
        }
    }
}
