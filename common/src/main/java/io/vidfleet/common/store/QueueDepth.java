package io.vidfleet.common.store;

import io.vidfleet.common.jobs.Priority;

/** Tasks of one queue at one priority, by where they are; {@code jobs}: jobs with work not yet done. */
public record QueueDepth(String queue, Priority priority, int jobs, long ready, long inflight, long delayed, long dead) {
}
