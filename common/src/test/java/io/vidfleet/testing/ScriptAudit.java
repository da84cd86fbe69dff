package io.vidfleet.testing;

import io.vidfleet.common.jobs.DeliveryMode;
import io.vidfleet.common.jobs.JobState;
import io.vidfleet.common.jobs.Priority;
import io.vidfleet.common.queue.ClaimedTask;
import io.vidfleet.common.queue.NextClaim;
import io.vidfleet.common.queue.RoundTripCompanion;
import io.vidfleet.common.queue.TaskQueue;
import io.vidfleet.common.store.JobStore;
import io.vidfleet.common.queue.Coarsener;
import io.vidfleet.common.webhook.ClaimedDelivery;
import io.vidfleet.common.webhook.WebhookDelivery;
import io.vidfleet.common.webhook.WebhookEndpoint;
import io.vidfleet.common.webhook.WebhookEvent;
import io.vidfleet.common.webhook.WebhookQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisMonitor;

/**
 * Watches a private Redis with MONITOR and groups the commands each Lua script ran under the FCALL (or EVALSHA)
 * that ran it: what Redis saw, not what the code says it does.
 */
public final class ScriptAudit implements AutoCloseable {
    private static final String END = "vidfleet-audit-end";
    private final Jedis monitor;
    private final Jedis control;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> clientCommands = new ArrayList<>();
    private final Thread thread;

    private ScriptAudit(int port) {
        monitor = new Jedis("127.0.0.1", port);
        control = new Jedis("127.0.0.1", port);
        thread = new Thread(() -> {
            try {
                monitor.monitor(new JedisMonitor() {
                    @Override
                    public void onCommand(String command) {
                        lines.add(command);
                    }
                });
            } catch (RuntimeException closed) {
                // the audit ended
            }
        }, "redis-monitor");
        thread.setDaemon(true);
        thread.start();
    }

    public static ScriptAudit start(int port) {
        ScriptAudit audit = new ScriptAudit(port);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) { // MONITOR is on once it reports our own marker
            audit.control.echo("vidfleet-audit-start");
            try {
                String line = audit.lines.poll(100, TimeUnit.MILLISECONDS);
                if (line != null && line.contains("vidfleet-audit-start")) {
                    audit.lines.clear();
                    return audit;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new IllegalStateException("MONITOR did not start");
    }

    /** One script run: the keys passed to it, the keys its commands named, the commands themselves. */
    public record ScriptRun(Set<String> declared, Set<String> touched, List<List<String>> commands) {
    }

    /** Every script run seen so far, once all commands sent before this call have been reported. */
    public List<ScriptRun> finish() {
        control.echo(END);
        List<ScriptRun> runs = new ArrayList<>();
        ScriptRun current = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            String line;
            try {
                line = lines.poll(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (line == null) {
                continue;
            }
            if (line.contains(END)) {
                return runs;
            }
            boolean fromLua = line.contains(" lua] ");
            List<String> words = words(line.substring(line.indexOf("] ") + 2));
            String command = words.get(0).toUpperCase();
            if (!fromLua && (command.equals("FCALL") || command.equals("EVALSHA") || command.equals("EVAL"))) {
                int count = Integer.parseInt(words.get(2));
                current = new ScriptRun(new LinkedHashSet<>(words.subList(3, 3 + count)), new LinkedHashSet<>(), new ArrayList<>());
                runs.add(current);
            } else if (fromLua && current != null) {
                current.commands().add(words);
                current.touched().addAll(keysOf(command, words));
            }
            if (!fromLua && !command.equals("ECHO")) {
                clientCommands.add(command);
            }
        }
        throw new AssertionError("MONITOR never reported the end marker");
    }

    /** The commands clients sent (not those scripts ran), in order, up to the last {@link #finish}. */
    public List<String> clientCommands() {
        return List.copyOf(clientCommands);
    }

    private static List<String> keysOf(String command, List<String> words) {
        return switch (command) {
            case "TIME" -> List.of();
            case "DEL", "EXISTS", "UNLINK" -> words.subList(1, words.size());
            default -> List.of(words.get(1));
        };
    }

    /** The quoted words of a MONITOR line. */
    private static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (word == null) {
                if (c == '"') {
                    word = new StringBuilder();
                }
            } else if (c == '\\' && i + 1 < text.length()) {
                word.append(text.charAt(++i));
            } else if (c == '"') {
                words.add(word.toString());
                word = null;
            } else {
                word.append(c);
            }
        }
        return words;
    }

    /** Runs every queue script and every state move they make, in one job's life or another. */
    public static void driveEveryScript(JobStore store) {
        TaskQueue queue = new TaskQueue(store.redis(), store.keys());
        String main = TestJobs.create(store, TestJobs.draft(3, Duration.ofSeconds(30), 2));
        ClaimedTask first = queue.claim(main, "w1").task();                        // claim: queued -> running
        queue.extend(first);                                                        // extend
        queue.complete(first, "r1");                                                // complete
        ClaimedTask second = queue.claim(main, "w1").task();
        queue.fail(second, "io", true, Duration.ZERO);                              // fail: retry
        queue.reap(main);                                                           // reap: delayed -> ready
        ClaimedTask third = queue.claim(main, "w2").task();
        queue.release(third);                                                       // release
        for (int i = 0; i < 2; i++) {
            ClaimedTask next = queue.claim(main, "w3").task();
            queue.complete(next, "r");                                              // the last one: -> stitching
        }
        if (store.takeStitchLease(main, "c1", Duration.ofSeconds(30))) {
            store.renewStitchLease(main, "c1", Duration.ofSeconds(30));             // renew_lock
            store.finish(main, "c1", JobState.DONE, null, "out.mp4");               // finish_job
        }
        String failing = TestJobs.create(store, TestJobs.draft(2, Duration.ofMillis(50), 1));
        queue.claim(failing, "w4");
        sleepQuietly(150);
        queue.reap(failing);                                                        // reap: lease expired, dead
        store.requeue(failing);                                                     // requeue
        store.cancel(failing, "test");                                              // cancel
        String atMostOnce = TestJobs.create(store, TestJobs.draft(1, Duration.ofMillis(50), 3, DeliveryMode.AT_MOST_ONCE,
                Priority.NORMAL));
        ClaimedTask lost = queue.claim(atMostOnce, "w5").task();
        sleepQuietly(150);
        queue.reap(atMostOnce);                                                     // reap: lost
        queue.fail(lost, "late", true, Duration.ZERO);                              // fail: rejected
        String along = TestJobs.create(store, TestJobs.draft(3, Duration.ofSeconds(30), 2, DeliveryMode.AT_LEAST_ONCE,
                Priority.NORMAL, "hevc")); // the only job of its queue: it heads the index
        ClaimNextHere companion = new ClaimNextHere(store.keys().queue("hevc", Priority.NORMAL));
        ClaimedTask next = queue.claim(along, "w7").task();
        for (int i = 0; i < 2; i++) { // a Redis new to this JVM answers the first with NOSCRIPT: it runs complete.lua
            companion.claimed = null;
            queue.complete(next, "r", -1, companion);                               // complete_claim: done, and a claim
            next = companion.claimed != null ? companion.claimed : queue.claim(along, "w7").task();
        }
        String coarse = TestJobs.create(store, TestJobs.draft(3, Duration.ofSeconds(30), 2));
        ClaimedTask uncuttable = queue.claim(coarse, "w6").task();                  // v00002 (longest first)
        queue.complete(queue.claim(coarse, "w6").task(), "r");                      // v00001 done
        Coarsener coarsener = new Coarsener(store);                                 // coarsen: running, done -> merged
        coarsener.coarsen(coarse, Coarsener.Caller.task(uncuttable), Set.of(uncuttable.taskId()), "test");
        for (int i = 0; i < 2; i++) {
            queue.complete(queue.claim(coarse, "w6").task(), "r");                  // -> stitching
        }
        if (store.takeStitchLease(coarse, "c2", Duration.ofSeconds(30))) {          // coarsen: stitching -> running
            coarsener.coarsen(coarse, Coarsener.Caller.stitch("c2"), Set.of(), "test");
        }
    }

    /**
     * Runs every webhook delivery script and each of its outcomes: enqueue (twice: the second skips),
     * claim, report delivered, retry and dead, reap of an expired lease, requeue of one and of all dead.
     */
    public static void driveEveryWebhookScript(WebhookQueue queue) {
        WebhookEndpoint a = WebhookEndpoint.parse("http://a.example:8080/hook");
        WebhookEndpoint b = WebhookEndpoint.parse("http://b.example/hook");
        for (int i = 1; i <= 4; i++) {
            queue.enqueue(new WebhookEvent("evt" + i, "job.done", "job" + i, "{}"), List.of(a, b), Optional.of("s"));
        }
        queue.enqueue(new WebhookEvent("evt1", "job.done", "job1", "{}"), List.of(a, b), Optional.empty()); // exists: skipped
        Duration lease = Duration.ofSeconds(30);
        ClaimedDelivery delivered = queue.claim(a.host(), "c1", lease).orElseThrow();
        queue.report(delivered, true, 200, null, Duration.ZERO, Duration.ofHours(1));         // delivered
        ClaimedDelivery retried = queue.claim(a.host(), "c1", lease).orElseThrow();
        queue.report(retried, false, 500, "boom", Duration.ofHours(1), Duration.ofDays(1));    // retry later
        queue.report(retried, false, 500, "late", Duration.ZERO, Duration.ofDays(1));          // stale
        for (int i = 0; i < 2; i++) {
            ClaimedDelivery dying = queue.claim(b.host(), "c1", lease).orElseThrow();
            queue.report(dying, false, 0, "refused", Duration.ofHours(2), Duration.ofHours(1)); // dead
        }
        queue.claim(b.host(), "c2", Duration.ofMillis(1)).orElseThrow();
        sleepQuietly(50);
        queue.reap(b.host());                                                                   // lease expired
        List<WebhookDelivery> dead = queue.list(true, 10);
        queue.requeue(List.of(dead.get(0).id()));                                              // one dead letter
        queue.requeue(List.of());                                                              // every dead letter
        while (queue.claim(a.host(), "c3", lease).isPresent()) {                                // drain: claim finds none due
            sleepQuietly(1);
        }
    }

    /** A worker slot whose next claim tries one index: its completions claim along when their job heads it. */
    private static final class ClaimNextHere implements RoundTripCompanion {
        private final String index;
        ClaimedTask claimed;

        ClaimNextHere(String index) {
            this.index = index;
        }

        @Override
        public Runnable addTo(AbstractPipeline pipeline) {
            return () -> { };
        }

        @Override
        public NextClaim nextClaim() {
            return new NextClaim("w7", List.of(index));
        }

        @Override
        public void claimedAlong(ClaimedTask task) {
            claimed = task;
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        control.close();
        monitor.close();
    }
}
