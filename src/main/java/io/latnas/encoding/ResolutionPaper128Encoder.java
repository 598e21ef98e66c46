package io.latnas.encoding;

import io.latnas.space.Architecture;

/**
 * The paper's 128-long vector followed by the exact resolution as two scaled numbers, {@code r/224}
 * and {@code (r/224)^2}. The paper's 8 bins lump four resolutions together, yet a convolution's work
 * grows with the square of the input side, so at batch 64 resolution alone moves GPU latency up to 3x;
 * the square term lets the MLP follow that without one-hot slots per resolution. Length 130.
 */
public final class ResolutionPaper128Encoder implements ArchitectureEncoder {

    public static final String ID = "paper128+res";
    public static final int DIMENSION = Paper128Encoder.DIMENSION + 2;
    /** OFA's largest ImageNet resolution; scales r into about 0.5..1. */
    private static final double REFERENCE_RESOLUTION = 224.0;

    private final Paper128Encoder paper = new Paper128Encoder();

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int dimension() {
        return DIMENSION;
    }

    @Override
    public boolean usesHardware() {
        return false;
    }

    @Override
    public void encode(Architecture arch, double[] hardwareFeatures, int batchSize, float[] dest, int offset) {
        paper.encode(arch, hardwareFeatures, batchSize, dest, offset);
        double r = arch.resolution() / REFERENCE_RESOLUTION;
        dest[offset + Paper128Encoder.DIMENSION] = (float) r;
        dest[offset + Paper128Encoder.DIMENSION + 1] = (float) (r * r);
    }
}
