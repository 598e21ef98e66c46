package io.latnas.encoding;

import io.latnas.space.Architecture;

/**
 * The paper's GPU-generalisation input (§4.3): {@code paper128} followed by the hardware's cores,
 * memory GB and memory bandwidth, standardised rather than raw (see {@link HardwareFeatures}).
 */
public final class Paper131Encoder implements ArchitectureEncoder {

    public static final String ID = "paper131";
    public static final int DIMENSION = Paper128Encoder.DIMENSION + 3;

    private final Paper128Encoder architecture = new Paper128Encoder();
    private final HardwareFeatures scaling;

    public Paper131Encoder(HardwareFeatures scaling) {
        this.scaling = scaling;
    }

    public HardwareFeatures scaling() {
        return scaling;
    }

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
        return true;
    }

    @Override
    public void encode(Architecture arch, double[] hardwareFeatures, int batchSize, float[] dest, int offset) {
        if (hardwareFeatures == null) {
            throw new IllegalArgumentException("encoder " + ID + " needs the hardware's features");
        }
        architecture.encode(arch, null, batchSize, dest, offset);
        scaling.standardise(hardwareFeatures, dest, offset + Paper128Encoder.DIMENSION);
    }
}
