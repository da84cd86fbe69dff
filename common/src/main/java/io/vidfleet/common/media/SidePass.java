package io.vidfleet.common.media;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * A pass over an input (an FFmpeg or ffprobe process) that runs on a thread of its own while the caller runs
 * another that does not depend on it: each is mostly a process start and a read of the file, so on more than one
 * core the second costs next to no wall time. The caller always waits for it, so no process outlives the call.
 */
public final class SidePass<T> {
    private final FutureTask<T> task;
    private final Thread thread;

    private SidePass(FutureTask<T> task, Thread thread) {
        this.task = task;
        this.thread = thread;
    }

    public static <T> SidePass<T> start(String name, Callable<T> work) {
        FutureTask<T> task = new FutureTask<>(work);
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
        return new SidePass<>(task, thread);
    }

    /** Its result once it is done; its failure is thrown as it was thrown. */
    public T join() {
        try {
            return awaitDone();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Waits for it to end, whatever it gives: for a caller that is failing anyway. */
    public void settle() {
        try {
            awaitDone();
        } catch (ExecutionException | RuntimeException ignored) {
            // the caller's own failure is the one to report
        }
    }

    /**
     * For a result the caller no longer needs: interrupts the pass, which kills its process ({@link ProcessRunner}
     * does on an interrupt), and waits for it to end. A pass that is done already is left as it is.
     */
    public void abandon() {
        if (!task.isDone()) {
            thread.interrupt();
        }
        settle();
    }

    private T awaitDone() throws ExecutionException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return task.get();
                } catch (InterruptedException e) {
                    interrupted = true; // the pass's process runs under its own time limit: wait it out
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
