package io.vidfleet.cli;

import io.vidfleet.common.error.BadInputException;
import io.vidfleet.common.metrics.MetricsServer;
import io.vidfleet.common.metrics.VidfleetMetrics;
import io.vidfleet.common.store.JobStore;
import io.vidfleet.common.profile.Profiles;
import io.vidfleet.common.storage.ChunkStorage;
import io.vidfleet.common.storage.StorageMarker;
import io.vidfleet.common.store.JobStore;
import io.vidfleet.worker.Worker;
import io.vidfleet.worker.WorkerSettings;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "worker", mixinStandardHelpOptions = true,
        description = "Run a stateless worker: claim tasks from the given queues, transcode them, report. "
                + "Runs until stopped; SIGTERM stops claiming and lets running tasks finish within --grace-seconds.")
final class WorkerCommand implements Callable<Integer> {
    /** --grace-seconds when not given. */
    static final long DEFAULT_GRACE_SECONDS = 30;

    @Mixin
    RedisOption redis;

    @Mixin
    StorageOption storage;

    @Mixin
    EvictionOption eviction;

    @Mixin
    HttpOptions http;

    @Option(names = "--queues", paramLabel = "Q,...", split = ",", defaultValue = "${env:VIDFLEET_QUEUES:-h264,hevc,av1}",
            description = "queues to serve (default: ${DEFAULT-VALUE}); at start a one-frame test encode per profile "
                    + "decides which this host can serve: the others are refused with the reason, and the worker "
                    + "exits with code 2 when it can serve none")
    List<String> queues;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "1", converter = OptionRanges.Slots.class, description = "tasks at once (default: ${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = "--threads", paramLabel = "T", defaultValue = "0", converter = OptionRanges.Threads.class,
            description = "encoder threads per task (default: cores / concurrency)")
    int threads;

    @Option(names = "--hang-seconds", defaultValue = "60", converter = OptionRanges.HangSeconds.class, description = "kill an encode that shows no progress this long (default: ${DEFAULT-VALUE})")
    long hangSeconds;

    @Option(names = "--grace-seconds", defaultValue = "" + DEFAULT_GRACE_SECONDS,
            converter = OptionRanges.GraceSeconds.class,
            description = "on shutdown, how long running tasks may finish before they go back to the queue; 0: at once (default: ${DEFAULT-VALUE})")
    long graceSeconds;

    @Option(names = "--weights", paramLabel = "H:N:L", defaultValue = "6:3:1",
            description = "how claims are shared among high, normal and low priority (default: ${DEFAULT-VALUE})")
    String weights;

    @Override
    public Integer call() throws InterruptedException {
        List<String> known = Profiles.queues();
        for (String queue : queues) {
            if (!known.contains(queue)) {
                throw new BadInputException("unknown queue '" + queue + "' (known: " + String.join(", ", known) + ")");
            }
        }
        WorkerSettings settings = WorkerSettings.defaults(queues).withConcurrency(concurrency).withThreads(threads)
                .withHangTimeout(Duration.ofSeconds(hangSeconds)).withShutdownGrace(Duration.ofSeconds(graceSeconds))
                .withWeights(WorkerSettings.parseWeights(weights));
        Worker.servableQueues(queues); // before waiting for a coordinator: a host that can serve nothing says so now
        JobStore store = eviction.checked(redis.open(concurrency));
        ChunkStorage chunkStorage = storage.open();
        VidfleetMetrics metrics = VidfleetMetrics.create();
        Worker worker = new Worker(store, chunkStorage, settings, metrics); // refuses queues this host cannot encode
        awaitClusterStorage(store, chunkStorage);
        MetricsServer server = http.port == null ? null : MetricsServer.start(http.host, http.port, "worker", worker.id(),
                metrics, CoordinatorCommand.gauges(store, metrics)::refresh, () -> "PONG".equals(store.redis().ping()));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            worker.close();
            if (server != null) {
                server.close();
            }
            stopped.countDown();
        }, "worker-shutdown"));
        worker.start();
        stopped.await();
        return ExitCodes.OK;
    }

    /**
     * Refuses to run on storage that is not the cluster's (a wrong --storage would fail every task it
     * claims). Before any coordinator has registered its storage, waits for one.
     */
    private void awaitClusterStorage(JobStore store, ChunkStorage chunkStorage) throws InterruptedException {
        boolean told = false;
        while (!StorageMarker.anyRegistered(store.redis(), store.keys())) {
            if (!told) {
                System.err.println("vidfleet: waiting for a coordinator to register the cluster's storage");
                told = true;
            }
            Thread.sleep(1000);
        }
        StorageMarker.verify(store.redis(), store.keys(), chunkStorage);
    }
}
