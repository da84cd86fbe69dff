package io.vidfleet.common.jobs;

import io.vidfleet.common.media.MediaInfo;

/** What the stitch and its verification need to know of the source, kept in the job's hash. */
public record SourceSummary(String name, int frames, double videoSeconds, double frameSeconds,
                            double rotation, boolean audio, double audioSeconds, double audioFrameSeconds,
                            String audioLanguage, int width, int height, String codec) {

    public static SourceSummary of(String name, MediaInfo media) {
        var audio = media.audio();
        var frames = media.frames();
        return new SourceSummary(name, frames.size(), frames.endSeconds() - frames.seconds(0),
                frames.averageFrameSeconds(), media.video().rotation(), audio != null,
                audio == null ? 0 : audio.durationSeconds(), audio == null ? 0 : audio.frameSeconds(),
                audio == null ? null : audio.language(), media.video().width(), media.video().height(),
                media.video().codec());
    }
}
