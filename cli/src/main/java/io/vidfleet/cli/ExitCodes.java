package io.vidfleet.cli;

/** The exit codes scripts rely on. */
final class ExitCodes {
    static final int OK = 0;
    /** The job failed, or something went wrong inside vidfleet. */
    static final int FAILED = 1;
    /** Bad usage or bad input: the user can fix it. */
    static final int USAGE = 2;
    /** {@code submit --wait --timeout-seconds}: the job did not end in time (it goes on). */
    static final int TIMEOUT = 3;

    private ExitCodes() {
    }
}
