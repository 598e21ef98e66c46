package io.latnas.encoding;

import io.latnas.space.Architecture;

/**
 * Turns a latency query (architecture, optionally the hardware's raw features and the batch size)
 * into a fixed-length feature vector for a predictor. Each encoder has a stable id that trained
 * models record, so a model is never fed a vector laid out differently from the one it learnt on.
 */
public interface ArchitectureEncoder {

    /** Stable id recorded with every model, e.g. {@code paper128}. */
    String id();

    /** Length of the vector {@link #encode} writes. */
    int dimension();

    /** Whether the encoder reads the hardware features (a hardware-generalised encoder). */
    boolean usesHardware();

    /**
     * Writes the features of one query into {@code dest[offset .. offset + dimension())}.
     *
     * @param hardwareFeatures raw hardware features as {@link HardwareFeatures} orders them, or
     *                         {@code null} for encoders that do not use hardware
     */
    void encode(Architecture arch, double[] hardwareFeatures, int batchSize, float[] dest, int offset);

    /** Convenience: a fresh vector for one query. */
    default float[] encode(Architecture arch, double[] hardwareFeatures, int batchSize) {
        float[] v = new float[dimension()];
        encode(arch, hardwareFeatures, batchSize, v, 0);
        return v;
    }
}
