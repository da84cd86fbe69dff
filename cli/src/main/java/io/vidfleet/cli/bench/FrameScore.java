package io.vidfleet.cli.bench;

/** One frame's PSNR-Y against the source; {@code frame} counts from 0 in presentation order. */
public record FrameScore(int frame, double psnrY) {
}
