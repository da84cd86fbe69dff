package io.vidfleet.common.media;

import java.nio.file.Path;

/** What a probe learned about a media file: its streams, and for the video every frame's timing. */
public record MediaInfo(Path path, String formatName, double startSeconds, double durationSeconds,
                        VideoTrack video, AudioTrack audio, FrameTimeline frames) {

    public boolean hasAudio() {
        return audio != null;
    }

    public int frameCount() {
        return frames.size();
    }
}
