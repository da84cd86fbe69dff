package io.vidfleet.cli;

import io.vidfleet.common.error.BadInputException;

/** A frame size given as WxH. */
final class SampleSize {
    private SampleSize() {
    }

    static int[] parse(String text) {
        String[] wh = text.toLowerCase().split("x");
        try {
            if (wh.length == 2) {
                int w = Integer.parseInt(wh[0].strip());
                int h = Integer.parseInt(wh[1].strip());
                if (w >= 16 && h >= 16 && w <= 7680 && h <= 4320) {
                    return new int[] {w, h};
                }
            }
        } catch (NumberFormatException ignored) {
            // the message below says what is expected
        }
        throw new BadInputException("size must look like 1920x1080 (16x16 to 7680x4320), got " + text);
    }
}
