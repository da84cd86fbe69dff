package io.vidfleet.cli;

import io.vidfleet.coordinator.Coordinator;
import io.vidfleet.coordinator.CoordinatorSettings;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "coordinator", mixinStandardHelpOptions = true,
        description = "Run a coordinator: stitch and verify finished jobs, publish completion events, "
                + "return expired leases. Stateless: run one or several; restart it at any time.")
final class CoordinatorCommand implements Callable<Integer> {
    @Mixin
    RedisOption redis;

    @Mixin
    StorageOption storage;

    @Override
    public Integer call() throws InterruptedException {
        Coordinator coordinator = new Coordinator(redis.open(1), storage.open(), CoordinatorSettings.defaults());
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
