package io.latnas.encoding;

import io.latnas.space.Architecture;

import java.util.Arrays;

/**
 * The paper's vectorisation (§4.2.1, after OFA's accuracy predictor): kernel size one-hot over
 * {3,5,7} for each of 20 layer slots, expand ratio one-hot over {3,4,6} for each slot (inactive
 * slots all zero), and the resolution one-hot over 8 bins of 16 pixels starting at 112.
 * Length 60 + 60 + 8 = 128.
 */
public final class Paper128Encoder implements ArchitectureEncoder {

    public static final String ID = "paper128";
    public static final int DIMENSION = 128;
    /** Kernel-size and expand-ratio one-hots of the 20 layer slots. */
    static final int LAYER_ONE_HOTS = 6 * Architecture.MAX_LAYERS;
    private static final int RESOLUTION_OFFSET = LAYER_ONE_HOTS;
    /** Paper §4.2.1: the 112..240 interval cut into 8 equal bins. */
    private static final int RESOLUTION_BINS = 8;
    private static final int RESOLUTION_MIN = 112;
    private static final int RESOLUTION_BIN_WIDTH = 16;

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
        Arrays.fill(dest, offset, offset + DIMENSION, 0f);
        encodeLayers(arch, dest, offset);
        dest[offset + RESOLUTION_OFFSET + resolutionBin(arch.resolution())] = 1f;
    }

    /**
     * Sets the {@value #LAYER_ONE_HOTS} per-layer one-hot bits (kernel size of each of the 20 layer slots,
     * then expand ratio of each) at {@code offset}; inactive slots stay 0. The caller zeroes them first.
     */
    static void encodeLayers(Architecture arch, float[] dest, int offset) {
        for (int layer = 0; layer < Architecture.MAX_LAYERS; layer++) {
            int k = kernelIndex(arch.kernelSize(layer));
            if (k >= 0) {
                dest[offset + layer * 3 + k] = 1f;
            }
            int e = expandIndex(arch.expandRatio(layer));
            if (e >= 0) {
                dest[offset + 3 * Architecture.MAX_LAYERS + layer * 3 + e] = 1f;
            }
        }
    }

    /** The one-hot bin of a resolution: {@code (r - 112) / 16}, clamped to 0..7. */
    public static int resolutionBin(int resolution) {
        int bin = (resolution - RESOLUTION_MIN) / RESOLUTION_BIN_WIDTH;
        return Math.max(0, Math.min(RESOLUTION_BINS - 1, bin));
    }

    private static int kernelIndex(int k) {
        return switch (k) {
            case 3 -> 0;
            case 5 -> 1;
            case 7 -> 2;
            default -> -1;
        };
    }

    private static int expandIndex(int e) {
        return switch (e) {
            case 3 -> 0;
            case 4 -> 1;
            case 6 -> 2;
            default -> -1;
        };
    }
}
