package io.vidfleet.cli;

import io.vidfleet.coordinator.Coordinator;
import io.vidfleet.coordinator.CoordinatorSettings;
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

    @Override
    public Integer call() throws InterruptedException {
        var shared = storage.open();
        Coordinator coordinator = new Coordinator(eviction.checked(redis.open()), shared, CoordinatorSettings.defaults(),
                outputRoot.policy(shared.root(), allowAnyOutput));
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
