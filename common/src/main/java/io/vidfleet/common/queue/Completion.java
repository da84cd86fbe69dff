package io.vidfleet.common.queue;

/** The answer to a completion: accepted (and maybe the job's last task) or rejected as stale. */
public record Completion(boolean accepted, boolean lastTask, String rejection) {
}
