package io.vidfleet.cli;

import io.vidfleet.common.store.JobStore;
import io.vidfleet.coordinator.JobPurger;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "purge", mixinStandardHelpOptions = true,
        description = "Delete ended jobs for good (their Redis keys, idempotency key and files; never their outputs): "
                + "those whose retention ran out, or with --older-than every done, failed or cancelled job that ended "
                + "longer ago. Prints how many were purged.")
final class PurgeCommand implements Callable<Integer> {
    @Option(names = "--older-than", paramLabel = "D", converter = OptionRanges.Age.class,
            description = "purge every ended job that ended more than D ago (30d, 12h, 15m, 0s: all of them)")
    Duration olderThan;

    @Mixin
    RedisOption redis;

    @Mixin
    StorageOption storage;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        JobStore store = redis.open();
        JobPurger purger = new JobPurger(store, storage.open());
        long now = System.currentTimeMillis();
        int purged = olderThan == null ? purger.purgeDue(now) : purger.purgeOlderThan(olderThan, now);
        spec.commandLine().getOut().println(purged + " job(s) purged");
        return ExitCodes.OK;
    }
}
