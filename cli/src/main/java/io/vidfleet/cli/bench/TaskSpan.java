package io.vidfleet.cli.bench;

/** One task's execution as the job's log recorded it: which worker held it, from claim to completion (ms). */
public record TaskSpan(String task, String worker, long claimedAt, long doneAt, boolean audio) {
    public long millis() {
        return doneAt - claimedAt;
    }
}
