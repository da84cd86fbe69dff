package io.vidfleet.common.media;

import java.nio.file.Path;
import java.util.List;

/**
 * What a probe learned about a media file: its streams, for the video every frame's timing, how far
 * its timestamps can be trusted, and notes for the user (streams ignored, timestamps replaced).
 */
public record MediaInfo(Path path, String formatName, double startSeconds, double durationSeconds,
                        VideoTrack video, AudioTrack audio, FrameTimeline frames, Timing timing, List<String> notes) {

    public MediaInfo {
        notes = List.copyOf(notes);
    }

    public MediaInfo(Path path, String formatName, double startSeconds, double durationSeconds,
                     VideoTrack video, AudioTrack audio, FrameTimeline frames) {
        this(path, formatName, startSeconds, durationSeconds, video, audio, frames,
                Timing.timestamps(video.frameRate()), List.of());
    }

    public boolean hasAudio() {
        return audio != null;
    }

    public int frameCount() {
        return frames.size();
    }
}
