package io.vidfleet.common.store;

/** A job-level event as published on the events stream and channel. */
public record JobEvent(String job, String event, String state, String reason, String output) {
}
