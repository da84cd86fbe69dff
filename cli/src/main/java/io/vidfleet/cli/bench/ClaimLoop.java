package io.vidfleet.cli.bench;

import io.vidfleet.common.queue.ClaimedTask;
import io.vidfleet.common.queue.Completion;
import io.vidfleet.common.queue.TaskQueue;
import io.vidfleet.common.store.JobStore;
import io.vidfleet.worker.TaskClaimer;
import io.vidfleet.worker.WorkerSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;

/**
 * Threads that claim and complete tasks through the worker's own claimer (queue index, {@code claim.lua}
 * with its lease and fencing token) and {@code complete.lua}, until nothing is left; each task may
 * "work" for a while first (the scale simulation) or not at all (throughput).
 */
final class ClaimLoop {
    /**
     * What the threads did: tasks, the window from the first claim to the last completion, latencies (µs), and this
     * process's CPU time from their start to their end (ns; -1 where not measured).
     */
    record Result(int tasks, long firstClaimMillis, long lastDoneMillis, List<Long> latencyMicros, long processCpuNanos) {
        double perSecond() {
            long window = Math.max(1, lastDoneMillis - firstClaimMillis);
            return tasks * 1000.0 / window;
        }
    }

    private ClaimLoop() {
    }

    /** What one claiming thread reaches Redis through: its store (and so its connections) and its queue. */
    record Client(JobStore store, TaskQueue queue) {
        static Client of(JobStore store) {
            return new Client(store, new TaskQueue(store.redis(), store.keys()));
        }
    }

    /** Threads of one process: they share its store, its connection pool and its queue. */
    static Result run(JobStore store, String workerId, int threads, LongSupplier workMillis) {
        Client shared = Client.of(store);
        return run(t -> shared, workerId, threads, workMillis);
    }

    /** Thread {@code t} claims through {@code clients.apply(t)}: one each models separate worker processes. */
    static Result run(IntFunction<Client> clients, String workerId, int threads, LongSupplier workMillis) {
        WorkerSettings settings = WorkerSettings.defaults(List.of(NoopJob.QUEUE)).withIdleBlock(Duration.ofMillis(100));
        List<List<Long>> latencies = new ArrayList<>();
        long[] first = new long[threads];
        long[] last = new long[threads];
        CountDownLatch finished = new CountDownLatch(threads);
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        for (int t = 0; t < threads; t++) {
            List<Long> mine = new ArrayList<>();
            latencies.add(mine);
            int slot = t;
            Client client = clients.apply(t);
            TaskClaimer claimer = new TaskClaimer(client.store(), client.queue(), workerId + "-" + t, settings);
            Thread thread = new Thread(() -> {
                try {
                    try {
                        client.store().redis().ping(); // a first round trip on a connection opened beforehand: none is timed
                    } finally {
                        ready.countDown();
                    }
                    go.await();
                    loop(claimer, client.queue(), workMillis, mine, first, last, slot);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    finished.countDown();
                }
            }, "bench-claim-" + t);
            thread.setDaemon(true);
            thread.start();
        }
        long cpuAtStart = -1;
        long cpuAtEnd = -1;
        try {
            ready.await();
            cpuAtStart = Usage.processCpuNanos();
            go.countDown(); // every thread starts at once: thread and connection start-up are not timed
            finished.await();
            cpuAtEnd = Usage.processCpuNanos();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Long> all = new ArrayList<>();
        latencies.forEach(all::addAll);
        long start = Long.MAX_VALUE;
        long end = 0;
        for (int t = 0; t < threads; t++) {
            if (first[t] > 0) {
                start = Math.min(start, first[t]);
                end = Math.max(end, last[t]);
            }
        }
        return new Result(all.size(), start == Long.MAX_VALUE ? 0 : start, end, all,
                cpuAtStart < 0 || cpuAtEnd < 0 ? -1 : cpuAtEnd - cpuAtStart);
    }

    private static void loop(TaskClaimer claimer, TaskQueue queue, LongSupplier workMillis, List<Long> latencies,
                             long[] first, long[] last, int slot) {
        while (true) {
            long started = System.nanoTime();
            if (first[slot] == 0) {
                first[slot] = System.currentTimeMillis();
            }
            ClaimedTask task = claimer.tryClaim();
            if (task == null) {
                return;
            }
            long work = workMillis.getAsLong();
            if (work > 0) {
                sleep(work);
            }
            Completion completion = queue.complete(task, "bench/none", -1, claimer); // as a worker slot does
            if (!completion.accepted()) {
                throw new IllegalStateException("completion rejected: " + completion.rejection());
            }
            latencies.add((System.nanoTime() - started) / 1000);
            last[slot] = System.currentTimeMillis();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
