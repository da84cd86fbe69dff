package io.vidfleet.common.media;

/** What one pass over a file's packets tells: the video frame timeline and how long the audio plays (0: none). */
public record PacketScan(FrameTimeline video, double audioSeconds) {
}
