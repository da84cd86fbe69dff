package io.vidfleet.cli;

import io.vidfleet.common.store.JobProgress;
import io.vidfleet.common.store.JobProgressReader;
import io.vidfleet.common.store.JobStore;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;

/**
 * Looks at a job again and again ({@link JobWaiter} says when) and hands every change to a {@link ProgressDisplay}: chunks, frames,
 * encode speed, ETA and the workers holding chunks. The job's state moves are also read from its log,
 * so a state that lasted less than one look (a stitch of a small job) is still shown, in order.
 */
final class JobWatcher {
    private static final Duration RATE_WINDOW = Duration.ofSeconds(15);
    private static final Map<String, String> STATE_OF_EVENT = Map.of("job-created", "queued", "claimed", "running",
            "encoded", "stitching", "job-done", "done", "job-failed", "failed", "requeued", "queued");

    private final JobStore store;
    private final ProgressDisplay display;
    private final Deque<long[]> samples = new ArrayDeque<>();
    private StreamEntryID lastLogEntry;
    private String lastState;
    private JobProgress lastShown;
    private JobProgressReader reader;

    JobWatcher(JobStore store, ProgressDisplay display) {
        this.store = store;
        this.display = display;
    }

    /** One look at the job: shows what changed since the last one and returns the job's progress now. */
    JobProgress look(String jobId) {
        List<String> passed = statesFromLog(jobId);
        if (reader == null) {
            reader = new JobProgressReader(store, jobId);
        }
        JobProgress now = reader.read();
        for (String state : passed) {
            if (!state.equals(lastState) && !state.equals(now.state())) {
                show(now.withState(state));
            }
        }
        if (!now.equals(lastShown)) {
            show(now);
        }
        return now;
    }

    private void show(JobProgress progress) {
        lastShown = progress;
        lastState = progress.state();
        display.show(progress, eta(progress));
    }

    private List<String> statesFromLog(String jobId) {
        List<StreamEntry> entries = store.redis().xrange(store.keys().log(jobId), lastLogEntry, null);
        List<String> states = new ArrayList<>();
        for (StreamEntry entry : entries) {
            if (entry.getID().equals(lastLogEntry)) {
                continue;
            }
            lastLogEntry = entry.getID();
            String state = STATE_OF_EVENT.get(entry.getFields().get("event"));
            if (state != null && (states.isEmpty() || !states.get(states.size() - 1).equals(state))) {
                states.add(state);
            }
        }
        return states;
    }

    /** Frames still to do over the rate seen in the last seconds (else the reported speed); null: unknown. */
    private Duration eta(JobProgress progress) {
        long nowMs = System.currentTimeMillis();
        samples.addLast(new long[] {nowMs, progress.framesDone()});
        while (samples.size() > 2 && nowMs - samples.peekFirst()[0] > RATE_WINDOW.toMillis()) {
            samples.removeFirst();
        }
        long remaining = progress.framesTotal() - progress.framesDone();
        if (progress.terminal() || remaining <= 0) {
            return progress.terminal() ? null : Duration.ZERO;
        }
        long[] first = samples.peekFirst();
        double seconds = (nowMs - first[0]) / 1000.0;
        double rate = seconds >= 2 && progress.framesDone() > first[1] ? (progress.framesDone() - first[1]) / seconds : progress.fps();
        return rate > 0 ? Duration.ofMillis(Math.round(remaining / rate * 1000)) : null;
    }
}
