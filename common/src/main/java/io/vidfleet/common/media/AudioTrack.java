package io.vidfleet.common.media;

/** The first audio stream of a file. */
public record AudioTrack(int index, String codec, int sampleRate, int channels, double startSeconds,
                         double durationSeconds, String language) {

    /** The length of one AAC frame at this rate: the tolerance for audio length checks. */
    public double frameSeconds() {
        return sampleRate > 0 ? 1024.0 / sampleRate : 0.05;
    }
}
