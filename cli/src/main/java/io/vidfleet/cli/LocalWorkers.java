package io.vidfleet.cli;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import io.vidfleet.common.redis.RedisKeys;
import io.vidfleet.common.redis.RedisSecurity;
import io.vidfleet.common.storage.ChunkStorage;
import io.vidfleet.common.store.JobStore;
import io.vidfleet.worker.Worker;
import io.vidfleet.worker.WorkerSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * The workers of {@code vidfleet local}, in this JVM: each a {@link Worker} of its own (its own id, Redis
 * connections, lease keeper and audio slot), as a separate process would be, without a JVM each to start
 * (about 1.5 CPU-seconds apiece, taken from the encodes on a small machine). Their log goes to a file,
 * as a worker process's would.
 */
final class LocalWorkers implements AutoCloseable {
    private final List<Worker> workers = new ArrayList<>();
    private final List<JobStore> stores = new ArrayList<>();
    private final FileAppender<ILoggingEvent> log;

    private LocalWorkers(Path logFile) {
        this.log = logToFile(logFile);
    }

    /** Starts {@code count} workers, one slot of {@code threads} encoder threads each, serving {@code queue}. */
    static LocalWorkers start(int count, String url, RedisKeys keys, ChunkStorage storage, String queue, int threads,
                              Path logFile) {
        LocalWorkers local = new LocalWorkers(logFile);
        try {
            WorkerSettings settings = WorkerSettings.defaults(List.of(queue)).withConcurrency(1).withThreads(threads);
            for (int i = 0; i < count; i++) {
                JobStore store = JobStore.connect(url, RedisSecurity.fromEnvironment(System.getenv()), keys, 1);
                local.stores.add(store);
                Worker worker = new Worker(store, storage, settings);
                local.workers.add(worker);
                worker.start();
            }
            return local;
        } catch (RuntimeException e) {
            local.close();
            throw e;
        }
    }

    /** Stops claiming; running tasks finish within the workers' grace period, the rest go back to the queue. */
    @Override
    public void close() {
        workers.forEach(Worker::stopClaiming); // all first: a wake-up one sends may reach another's loop
        workers.forEach(Worker::close);
        for (JobStore store : stores) {
            store.redis().close();
            store.blocking().close();
        }
        if (log != null) {
            workerLogger().detachAppender(log);
            workerLogger().setAdditive(true);
            log.stop();
        }
    }

    private static FileAppender<ILoggingEvent> logToFile(Path file) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return null;
        }
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(context);
        appender.setFile(file.toString());
        appender.setEncoder(LogSetup.encoder(context));
        appender.start();
        workerLogger().addAppender(appender);
        workerLogger().setAdditive(false);
        return appender;
    }

    private static Logger workerLogger() {
        return (Logger) LoggerFactory.getLogger("io.vidfleet.worker");
    }
}
