package io.vidfleet.coordinator;

/** The job a submit created (or found, for a repeated idempotency key) and the size of its plan. */
public record SubmittedJob(String jobId, boolean existing, int chunks, int frames, long midGopCuts, String output) {
}
