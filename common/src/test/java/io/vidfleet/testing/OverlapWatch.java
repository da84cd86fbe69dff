package io.vidfleet.testing;

import io.vidfleet.common.media.ProcessLauncher;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * Whether two FFmpeg passes overlap: the watched pass waits (up to 10 s) for the other to start before it runs.
 * Run one after the other, it would wait in vain, and {@link #overlapped} stays false.
 */
public final class OverlapWatch {
    private final CountDownLatch started = new CountDownLatch(1);
    private final AtomicBoolean overlapped = new AtomicBoolean();

    /**
     * Runs every command through {@code real}; a command {@code waiter} matches first waits for one {@code other}
     * matches to start. Commands neither matches run at once.
     */
    public ProcessLauncher launcher(ProcessLauncher real, Predicate<List<String>> other, Predicate<List<String>> waiter) {
        return (command, timeLimit, lines) -> {
            if (other.test(command)) {
                started.countDown();
            } else if (waiter.test(command)) {
                try {
                    overlapped.set(started.await(10, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return real.run(command, timeLimit, lines);
        };
    }

    public boolean overlapped() {
        return overlapped.get();
    }
}
