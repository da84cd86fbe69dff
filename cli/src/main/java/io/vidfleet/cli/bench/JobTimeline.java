package io.vidfleet.cli.bench;

import io.vidfleet.common.redis.RedisKeys;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.resps.StreamEntry;

/**
 * A finished job's history read back from its log stream ({@code vf:job:{JOB}:log}): the moments of
 * its phases and which worker held which task when. Only the last claim of a task counts (a retried
 * task's earlier attempts did not produce the result).
 */
public record JobTimeline(String jobId, long probeStartedAt, long probedAt, long createdAt, long firstClaimAt,
                          long encodedAt, long stitchedAt, long verifiedAt, long finishedAt, List<TaskSpan> tasks) {

    public static JobTimeline read(UnifiedJedis redis, RedisKeys keys, String jobId) {
        List<StreamEntry> entries = redis.xrange(keys.log(jobId), (StreamEntryID) null, (StreamEntryID) null);
        List<Map<String, String>> events = new ArrayList<>();
        entries.forEach(e -> events.add(e.getFields()));
        return of(jobId, events);
    }

    /** From the log's events in order (each with {@code at} and {@code event}). */
    public static JobTimeline of(String jobId, List<Map<String, String>> events) {
        Map<String, Long> first = new HashMap<>();
        Map<String, String[]> claims = new HashMap<>();
        List<TaskSpan> spans = new ArrayList<>();
        for (Map<String, String> event : events) {
            String name = event.getOrDefault("event", "");
            long at = Long.parseLong(event.getOrDefault("at", "0"));
            first.putIfAbsent(name, at);
            if (name.equals("probed")) {
                first.putIfAbsent("probe-started", Long.parseLong(event.getOrDefault("startedAt", "-1")));
            } else if (name.equals("claimed")) {
                claims.put(event.get("task"), new String[] {event.get("worker"), Long.toString(at)});
            } else if (name.equals("done")) {
                String[] claim = claims.get(event.get("task"));
                if (claim != null) {
                    String task = event.get("task");
                    spans.add(new TaskSpan(task, claim[0], Long.parseLong(claim[1]), at, "audio".equals(task)));
                }
            }
        }
        long finished = Math.max(first.getOrDefault("job-done", -1L), first.getOrDefault("job-failed", -1L));
        return new JobTimeline(jobId, first.getOrDefault("probe-started", -1L), first.getOrDefault("probed", -1L),
                first.getOrDefault("job-created", -1L), first.getOrDefault("claimed", -1L),
                first.getOrDefault("encoded", -1L), first.getOrDefault("stitched", -1L),
                first.getOrDefault("verified", -1L), finished, List.copyOf(spans));
    }

    /**
     * The phases of a run that started at {@code commandStart} and exited at {@code exit} (epoch ms).
     * Logs without the submit's or the stitch's own events (an older build) leave those phases at -1
     * and count their time in the phase before.
     */
    public Phases phases(long commandStart, long exit) {
        long verified = verifiedAt > 0 ? verifiedAt : finishedAt;
        long startup = probeStartedAt > 0 ? probeStartedAt - commandStart : -1;
        long probe = probeStartedAt > 0 && probedAt > 0 ? probedAt - probeStartedAt : -1;
        long plan = probedAt > 0 ? createdAt - probedAt : -1;
        if (startup < 0) {
            startup = createdAt - commandStart; // start-up, probe and plan together
        }
        long stitch = stitchedAt > 0 ? stitchedAt - encodedAt : verified - encodedAt;
        long verify = stitchedAt > 0 ? verified - stitchedAt : -1;
        return new Phases(startup, probe, plan, firstClaimAt - createdAt, encodedAt - firstClaimAt, stitch, verify,
                exit - verified);
    }

    /**
     * How long before the last worker the first one finished its last task (ms): what a worker idled at the end while
     * another still encoded. Counts the workers that finished a task; 0 with fewer than two.
     */
    public long endSpreadMillis() {
        Map<String, Long> lastDone = new HashMap<>();
        tasks.forEach(span -> lastDone.merge(span.worker(), span.doneAt(), Math::max));
        if (lastDone.size() < 2) {
            return 0;
        }
        return java.util.Collections.max(lastDone.values()) - java.util.Collections.min(lastDone.values());
    }

    /** The sum of every task's time: the parallel work an ideal pool of N workers would share N ways. */
    public long workMillis() {
        return tasks.stream().mapToLong(TaskSpan::millis).sum();
    }
}
