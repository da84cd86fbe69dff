package io.vidfleet.common.queue;

/**
 * What a claim attempt on one job found: a task, nothing ready yet ({@code EMPTY}: retries are
 * waiting), nothing left to hand out ({@code DRAINED}), or a job that no longer runs.
 */
public record ClaimOutcome(Status status, ClaimedTask task) {
    public enum Status { CLAIMED, EMPTY, DRAINED, INACTIVE }

    public boolean claimed() {
        return status == Status.CLAIMED;
    }
}
