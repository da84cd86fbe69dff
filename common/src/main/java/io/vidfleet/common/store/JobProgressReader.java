package io.vidfleet.common.store;

import io.vidfleet.common.jobs.JobRecord;
import io.vidfleet.common.jobs.TaskRecord;
import io.vidfleet.common.jobs.TaskState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;

/**
 * Reads one job's {@link JobProgress} again and again at a small cost: a task that is done stays done
 * (a requeue keeps finished tasks), so after the first look only the job's unfinished tasks are read,
 * and a job of a thousand chunks near its end costs a few commands per look, not a thousand. The one
 * exception, a coarsening round (a done task merged into a new one), changes the job's round count,
 * which starts the cache afresh.
 */
public final class JobProgressReader {
    private final JobStore store;
    private final String jobId;
    private final Map<String, TaskRecord> done = new HashMap<>();
    private int coarsenRounds;

    public JobProgressReader(JobStore store, String jobId) {
        this.store = store;
        this.jobId = jobId;
    }

    public JobProgress read() {
        UnifiedJedis redis = store.redis();
        JobRecord job = store.get(jobId);
        String rounds = redis.hget(store.keys().job(jobId), "coarsenRounds");
        if (rounds != null && Integer.parseInt(rounds) != coarsenRounds) {
            coarsenRounds = Integer.parseInt(rounds);
            done.clear();
        }
        List<String> ids = redis.lrange(store.keys().tasks(jobId), 0, -1);
        List<String> unfinished = ids.stream().filter(id -> !done.containsKey(id)).toList();
        List<Response<Map<String, String>>> hashes = new ArrayList<>();
        Response<Map<String, String>> progress;
        try (AbstractPipeline pipeline = redis.pipelined()) {
            unfinished.forEach(id -> hashes.add(pipeline.hgetAll(store.keys().task(jobId, id))));
            progress = pipeline.hgetAll(store.keys().progress(jobId));
            pipeline.sync();
        }
        Map<String, TaskRecord> fresh = new HashMap<>();
        for (int i = 0; i < unfinished.size(); i++) {
            Map<String, String> hash = hashes.get(i).get();
            if (!hash.isEmpty()) {
                TaskRecord task = TaskRecord.fromHash(hash);
                fresh.put(unfinished.get(i), task);
                if (task.state() == TaskState.DONE) {
                    done.put(unfinished.get(i), task);
                }
            }
        }
        List<TaskRecord> tasks = new ArrayList<>();
        for (String id : ids) {
            TaskRecord task = done.containsKey(id) ? done.get(id) : fresh.get(id);
            if (task != null) {
                tasks.add(task);
            }
        }
        return JobProgress.of(job, tasks, progress.get(), System.currentTimeMillis());
    }
}
