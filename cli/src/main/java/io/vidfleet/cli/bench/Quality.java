package io.vidfleet.cli.bench;

/**
 * Correctness and quality of one run's outputs: frame counts, PSNR (Y and average) and SSIM of the
 * single pass and of vidfleet against the source, of vidfleet against the single pass, and the audio
 * playing times; the worst frame of each output against the source, and each output file's size. NaN where a
 * comparison was not made.
 */
public record Quality(int workers, int sourceFrames, int singleFrames, int fleetFrames,
                      double singlePsnrY, double singlePsnr, double singleSsim,
                      double fleetPsnrY, double fleetPsnr, double fleetSsim,
                      double fleetVsSinglePsnrY, double fleetVsSingleSsim,
                      double sourceAudioSeconds, double singleAudioSeconds, double fleetAudioSeconds,
                      FrameScore singleWorstFrame, FrameScore fleetWorstFrame, long singleBytes, long fleetBytes) {

    public boolean framesExact() {
        return sourceFrames == singleFrames && sourceFrames == fleetFrames;
    }

    /** How much PSNR-Y the chunking cost (positive: vidfleet is worse), in dB. */
    public double psnrYLoss() {
        return singlePsnrY - fleetPsnrY;
    }
}
