package io.vidfleet.common.jobs;

/** A video chunk (a frame range) or the job's one audio track. */
public enum TaskKind {
    VIDEO, AUDIO
}
