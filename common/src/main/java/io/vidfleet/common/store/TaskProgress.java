package io.vidfleet.common.store;

/**
 * One running task's progress as its worker last published it (from FFmpeg's {@code -progress}):
 * stored as JSON in the job's {@code :progress} hash under the task id. {@code token} tells which
 * attempt wrote it; {@code at} is the worker's clock (ms), for freshness only.
 */
public record TaskProgress(long token, String worker, long frames, int totalFrames, double fps, double seconds, long at) {
}
