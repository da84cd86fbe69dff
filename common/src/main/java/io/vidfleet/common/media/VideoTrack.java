package io.vidfleet.common.media;

/** The first video stream of a file as ffprobe describes it. */
public record VideoTrack(int index, String codec, int width, int height, String pixelFormat,
                         Rational frameRate, Rational averageFrameRate, double rotation, double durationSeconds) {
}
