package io.vidfleet.common.media;

/**
 * The first audio stream of a file. {@code packetSeconds} is the length of one of the source's own
 * audio frames (an MP3 frame, an AC-3 frame; 0: unknown).
 */
public record AudioTrack(int index, String codec, int sampleRate, int channels, double startSeconds,
                         double durationSeconds, String language, double packetSeconds) {

    public AudioTrack(int index, String codec, int sampleRate, int channels, double startSeconds,
                      double durationSeconds, String language) {
        this(index, codec, sampleRate, channels, startSeconds, durationSeconds, language, 0);
    }

    /**
     * The tolerance for audio length checks: one AAC frame at this rate (the encoder pads its last one),
     * plus one of the source's frames (its encoder delay and padding, which decoders trim, are counted
     * in its packets).
     */
    public double frameSeconds() {
        return (sampleRate > 0 ? 1024.0 / sampleRate : 0.05) + packetSeconds;
    }
}
