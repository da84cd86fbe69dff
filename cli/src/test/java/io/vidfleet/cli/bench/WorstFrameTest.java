package io.vidfleet.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class WorstFrameTest {
    /**
     * The psnr filter's per-frame lines (each ends in a space) reach a pipe in stdio-sized pieces: a line cut
     * short must not count, or "psnr_y:5" of a frame at 50.12 dB becomes a 5 dB frame (it did, with -progress
     * on the same pipe).
     */
    @Test
    void aLineCutShortIsNoFrame() {
        QualityMeter.WorstFrame worst = new QualityMeter.WorstFrame();
        worst.accept("n:1 mse_avg:3.10 mse_y:3.90 mse_u:1.50 mse_v:1.40 psnr_avg:43.22 psnr_y:42.22 psnr_u:46.37 psnr_v:46.67 ");
        worst.accept("n:2 mse_avg:0.60 mse_y:0.70 mse_u:0.30 mse_v:0.30 psnr_avg:50.35 psnr_y:5");
        worst.accept("0.12 psnr_u:53.36 psnr_v:53.36 ");
        worst.accept("n:3 mse_avg:3.30 mse_y:4.10 mse_u:1.60 mse_v:1.50 psnr_avg:42.95 psnr_y:41.99 psnr_u:46.09 psnr_v:46.37 ");
        assertEquals(new FrameScore(2, 41.99), worst.score());
    }
}
