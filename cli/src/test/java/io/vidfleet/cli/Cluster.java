package io.vidfleet.cli;

import io.vidfleet.common.jobs.JobRecord;
import io.vidfleet.common.storage.SharedDirectoryStorage;
import io.vidfleet.common.store.JobStore;
import io.vidfleet.coordinator.Coordinator;
import io.vidfleet.coordinator.CoordinatorSettings;
import io.vidfleet.coordinator.OutputPolicy;
import io.vidfleet.worker.Worker;
import io.vidfleet.worker.WorkerSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A coordinator and workers in the test JVM (real Redis, real FFmpeg), over a temporary storage directory. */
final class Cluster implements AutoCloseable {
    final JobStore store;
    final SharedDirectoryStorage storage;
    final Coordinator coordinator;
    final List<Worker> workers = new ArrayList<>();

    Cluster(JobStore store, int workerCount, WorkerSettings settings) {
        this(store, workerCount, settings, temporaryStorage());
    }

    Cluster(JobStore store, int workerCount, WorkerSettings settings, Path storageDir) {
        this(store, workerCount, settings, storageDir, null);
    }

    /** {@code outputRoot}: where outputs may go besides the storage (null: the storage only). */
    Cluster(JobStore store, int workerCount, WorkerSettings settings, Path storageDir, Path outputRoot) {
        this.store = store;
        this.storage = new SharedDirectoryStorage(storageDir);
        this.coordinator = new Coordinator(store, storage, new CoordinatorSettings(Duration.ofMillis(500),
                Duration.ofSeconds(10), Duration.ofMillis(500)), OutputPolicy.under(storage.root(), outputRoot));
        coordinator.start();
        for (int i = 0; i < workerCount; i++) {
            Worker worker = new Worker(store, storage, settings);
            worker.start();
            workers.add(worker);
        }
    }

    private static Path temporaryStorage() {
        try {
            return Files.createTempDirectory("vidfleet-storage-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static WorkerSettings fastSettings() {
        return WorkerSettings.defaults(List.of("h264", "hevc", "av1")).withThreads(1)
                .withShutdownGrace(Duration.ofSeconds(5));
    }

    JobRecord await(String jobId, Duration timeout) {
        return io.vidfleet.testing.TestJobs.awaitSettled(store, jobId, timeout);
    }

    Path output(JobRecord job) {
        return coordinator.outputPath(job);
    }

    @Override
    public void close() {
        workers.forEach(Worker::close);
        coordinator.close();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
