package io.vidfleet.coordinator;

import io.vidfleet.common.media.ProcessResult;
import io.vidfleet.common.media.ProcessRunner;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * One coordinator's attempt at one job's stitch: a tag that makes its scratch names its own, the FFmpeg
 * process it runs (killed at once when the attempt is aborted: stitch lease lost, job cancelled), and the
 * check made just before the result is renamed into the output's place.
 */
final class StitchAttempt {
    private final String tag;
    private final BooleanSupplier stillOurs;
    private final AtomicReference<ProcessRunner> current = new AtomicReference<>();
    private volatile String abortReason;

    /**
     * @param tag       unique to this attempt (coordinator id and attempt number)
     * @param stillOurs asks Redis whether the stitch lease is still held and the job still stitching
     */
    StitchAttempt(String tag, BooleanSupplier stillOurs) {
        this.tag = tag;
        this.stillOurs = stillOurs;
    }

    String tag() {
        return tag;
    }

    void abort(String reason) {
        abortReason = reason;
        ProcessRunner running = current.get();
        if (running != null) {
            running.kill(reason);
        }
    }

    ProcessResult run(ProcessRunner runner, Duration timeLimit) {
        checkNotAborted();
        current.set(runner);
        try {
            return runner.run(null, timeLimit);
        } finally {
            current.set(null);
            checkNotAborted();
        }
    }

    void checkNotAborted() {
        if (abortReason != null) {
            throw new Aborted(abortReason);
        }
    }

    /** Just before the output is published: the lease is still ours and the job still stitching. */
    void checkBeforePublish() {
        checkNotAborted();
        if (!stillOurs.getAsBoolean()) {
            abort("stitch lease lost or job no longer stitching");
            checkNotAborted();
        }
    }

    /** The attempt was stopped from outside; its output must not be published. */
    static final class Aborted extends RuntimeException {
        Aborted(String reason) {
            super(reason);
        }
    }
}
