package io.vidfleet.api;

import io.vidfleet.common.store.ClusterStatus;
import io.vidfleet.common.store.JobStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.resps.StreamEntry;

/**
 * Who encoded what, when: every attempt at every task of a job, grouped by worker, rebuilt from the
 * job's event log ({@code vf:job:{JOB}:log}: claimed, done, retry, lease-expired, released, job-failed).
 * Times are ms on Redis's clock; {@code phases} holds the job's own moments (probed, encoded, stitched, verified). The log is capped near 1000 events; {@code truncated} says when its
 * start is gone.
 */
final class JobTimeline {
    /** One claim of a task and how it ended: running, done, failed (retried), expired, released, dead, stopped. */
    record Attempt(String task, int attempt, String worker, long start, Long end, String outcome, String error) {
        Attempt ended(long at, String how, String why) {
            return new Attempt(task, attempt, worker, start, at, how, why);
        }
    }

    /** The job's own moments, by their last time in the log: probed, all encoded, stitched, verified. */
    private static final List<String> PHASES = List.of("probed", "encoded", "stitched", "verified");

    private JobTimeline() {
    }

    static Map<String, Object> of(JobStore store, String jobId, Map<String, String> deadErrors) {
        List<StreamEntry> log = store.redis().xrange(store.keys().log(jobId), "-", "+");
        List<Attempt> attempts = new ArrayList<>();
        Map<String, Integer> open = new HashMap<>();
        Long created = null;
        Long ended = null;
        Map<String, Long> phases = new LinkedHashMap<>();
        for (StreamEntry entry : log) {
            Map<String, String> e = entry.getFields();
            long at = parseLong(e.get("at"), entry.getID().getTime());
            String task = e.get("task");
            switch (e.getOrDefault("event", "")) {
                case "job-created" -> created = at;
                case "claimed" -> {
                    close(attempts, open, task, at, "stopped", null); // a claim without an end in the log
                    open.put(task, attempts.size());
                    attempts.add(new Attempt(task, (int) parseLong(e.get("attempt"), 0), e.get("worker"), at, null, "running", null));
                }
                case "done" -> close(attempts, open, task, at, "done", null);
                case "retry" -> close(attempts, open, task, at, "failed", e.get("error"));
                case "lease-expired" -> close(attempts, open, task, at, "expired", "lease expired");
                case "released" -> close(attempts, open, task, at, "released", null);
                case "job-failed", "job-done" -> {
                    ended = at;
                    for (String t : new ArrayList<>(open.keySet())) {
                        boolean dead = deadErrors.containsKey(t);
                        close(attempts, open, t, at, dead ? "dead" : "stopped", dead ? deadErrors.get(t) : null);
                    }
                }
                case "requeued" -> ended = null;
                default -> { }
            }
            if (PHASES.contains(e.getOrDefault("event", ""))) {
                phases.put(e.get("event"), at);
            }
        }
        Map<String, List<Attempt>> byWorker = new LinkedHashMap<>();
        int redeliveries = 0;
        for (Attempt attempt : attempts) {
            byWorker.computeIfAbsent(attempt.worker() == null ? "?" : attempt.worker(), w -> new ArrayList<>()).add(attempt);
            redeliveries += attempt.attempt() > 1 ? 1 : 0;
        }
        List<Map<String, Object>> workers = new ArrayList<>();
        byWorker.forEach((worker, list) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("worker", worker);
            row.put("host", ClusterStatus.hostOf(worker));
            row.put("attempts", list);
            workers.add(row);
        });
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("job", jobId);
        view.put("start", created != null ? created : attempts.isEmpty() ? null : attempts.get(0).start());
        view.put("end", ended);
        view.put("now", System.currentTimeMillis());
        view.put("truncated", created == null && !log.isEmpty());
        view.put("attempts", attempts.size());
        view.put("redeliveries", redeliveries);
        view.put("phases", phases);
        view.put("workers", workers);
        return view;
    }

    private static void close(List<Attempt> attempts, Map<String, Integer> open, String task, long at, String how, String why) {
        Integer index = task == null ? null : open.remove(task);
        if (index != null) {
            attempts.set(index, attempts.get(index).ended(at, how, why));
        }
    }

    private static long parseLong(String value, long fallback) {
        try {
            return value == null ? fallback : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
