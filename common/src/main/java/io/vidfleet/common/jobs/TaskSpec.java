package io.vidfleet.common.jobs;

import io.vidfleet.common.plan.ChunkSpec;

/**
 * What one task does: a video chunk (with its frame range) or the job's audio track (chunk is null).
 * For audio, {@code audioStream} is the source stream's index (null: the first audio stream) and
 * {@code continuousAudio} asks for timestamps made from the sample count (a source whose timeline
 * restarts or has none).
 *
 * <p>A video task made by coarsening the plan (see {@code Coarsening}) covers the planned chunks
 * {@code chunk.index()} to {@code lastChunk} (null: its own chunk only); {@code wholeVideo} marks the last
 * resort, the whole video as one task, whose result is one sequential decode of the source.
 */
public record TaskSpec(String id, TaskKind kind, ChunkSpec chunk, Integer audioStream, boolean continuousAudio,
                       Integer lastChunk, boolean wholeVideo) {
    public TaskSpec {
        Ids.requireTaskId(id); // a spec read from Redis names files: its id must be a plain name
        if (kind == null || (kind == TaskKind.VIDEO) != (chunk != null)) {
            throw new io.vidfleet.common.error.InvalidRecordException("invalid task " + Ids.quoted(id) + ": kind and chunk disagree");
        }
    }

    public static final String AUDIO_ID = "audio";

    public TaskSpec(String id, TaskKind kind, ChunkSpec chunk, Integer audioStream, boolean continuousAudio) {
        this(id, kind, chunk, audioStream, continuousAudio, null, false);
    }

    /** A coarser task covering planned chunks {@code chunk.index()..lastChunk}. */
    public static TaskSpec merged(ChunkSpec chunk, int lastChunk, boolean wholeVideo) {
        return new TaskSpec(String.format("v%05d-%05d", chunk.index(), lastChunk), TaskKind.VIDEO, chunk, null, false,
                lastChunk, wholeVideo);
    }

    /** The last planned chunk this video task covers. */
    public int lastChunkIndex() {
        return lastChunk != null ? lastChunk : chunk.index();
    }

    public TaskSpec(String id, TaskKind kind, ChunkSpec chunk) {
        this(id, kind, chunk, null, false);
    }

    public static TaskSpec audio(int stream, boolean continuous) {
        return new TaskSpec(AUDIO_ID, TaskKind.AUDIO, null, stream, continuous);
    }

    public static TaskSpec video(ChunkSpec chunk) {
        return new TaskSpec(String.format("v%05d", chunk.index()), TaskKind.VIDEO, chunk);
    }

    public static TaskSpec audio() {
        return new TaskSpec(AUDIO_ID, TaskKind.AUDIO, null);
    }

    /** The file extension of the task's result. */
    public String extension() {
        return kind == TaskKind.AUDIO ? "m4a" : "mp4";
    }
}
