package io.vidfleet.cli;

import io.vidfleet.coordinator.Coordinator;
import io.vidfleet.coordinator.CoordinatorSettings;
import io.vidfleet.coordinator.JobSubmitter;
import io.vidfleet.coordinator.Retention;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "coordinator", mixinStandardHelpOptions = true,
        description = "Run a coordinator: stitch and verify finished jobs, publish completion events, "
                + "return expired leases. Stateless: run one or several; restart it at any time.")
final class CoordinatorCommand implements Callable<Integer> {
    @Mixin
    RedisOption redis;

    @Mixin
    StorageOption storage;

    @Mixin
    OutputRootOption outputRoot;

    @Mixin
    EvictionOption eviction;

    @Option(names = "--allow-any-output", defaultValue = "${env:VIDFLEET_ALLOW_ANY_OUTPUT:-false}", fallbackValue = "true",
            description = "write outputs wherever a job names them, with this process's rights; by default only under "
                    + "the storage and --output-root ($VIDFLEET_ALLOW_ANY_OUTPUT)")
    boolean allowAnyOutput;

    @Option(names = "--keep-done", paramLabel = "D", defaultValue = "${env:VIDFLEET_KEEP_DONE:-7d}", converter = OptionRanges.Age.class,
            description = "keep a done job's record this long after it ended, then purge it (default: ${DEFAULT-VALUE})")
    java.time.Duration keepDone;

    @Option(names = "--keep-failed", paramLabel = "D", defaultValue = "${env:VIDFLEET_KEEP_FAILED:-30d}", converter = OptionRanges.Age.class,
            description = "keep a failed job's record and finished chunks this long (default: ${DEFAULT-VALUE})")
    java.time.Duration keepFailed;

    @Option(names = "--keep-cancelled", paramLabel = "D", defaultValue = "${env:VIDFLEET_KEEP_CANCELLED:-1d}", converter = OptionRanges.Age.class,
            description = "keep a cancelled job's record this long (default: ${DEFAULT-VALUE})")
    java.time.Duration keepCancelled;

    @Override
    public Integer call() throws InterruptedException {
        var shared = storage.open();
        CoordinatorSettings settings = CoordinatorSettings.defaults()
                .withRetention(new Retention(keepDone, keepFailed, keepCancelled));
        Coordinator coordinator = new Coordinator(eviction.checked(redis.open(1)), shared, settings,
                outputRoot.policy(JobSubmitter.storageRoot(shared), allowAnyOutput));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            coordinator.close();
            stopped.countDown();
        }, "coordinator-shutdown"));
        coordinator.start();
        stopped.await();
        return ExitCodes.OK;
    }
}
