package io.latnas.encoding;

import io.latnas.cost.NetworkCostModel;
import io.latnas.space.Architecture;

/**
 * Cost-model encoders: {@code cost} is the {@link CostFeatures} alone (19 numbers);
 * {@code paper128+cost} puts the paper's 128-long one-hot vector first and the cost features after
 * it (147), so the MLP sees both which choices were made and how much work they cost at the batch size.
 */
public final class CostEncoder implements ArchitectureEncoder {

    public static final String COST_ID = "cost";
    public static final String PAPER128_COST_ID = "paper128+cost";

    private final boolean withPaper128;
    private final CostFeatures features;
    private final NetworkCostModel model;
    private final Paper128Encoder paper = new Paper128Encoder();

    private CostEncoder(boolean withPaper128, CostFeatures features) {
        this.withPaper128 = withPaper128;
        this.features = features;
        this.model = NetworkCostModel.of(features.widthMultiplier());
    }

    /** The {@code cost} encoder with fitted features. */
    public static CostEncoder cost(CostFeatures features) {
        return new CostEncoder(false, features);
    }

    /** The {@code paper128+cost} encoder with fitted features. */
    public static CostEncoder paper128AndCost(CostFeatures features) {
        return new CostEncoder(true, features);
    }

    /** The fitted cost-feature standardisation this encoder carries. */
    public CostFeatures features() {
        return features;
    }

    @Override
    public String id() {
        return withPaper128 ? PAPER128_COST_ID : COST_ID;
    }

    @Override
    public int dimension() {
        return (withPaper128 ? Paper128Encoder.DIMENSION : 0) + CostFeatures.DIMENSION;
    }

    @Override
    public boolean usesHardware() {
        return false;
    }

    @Override
    public void encode(Architecture arch, double[] hardwareFeatures, int batchSize, float[] dest, int offset) {
        int at = offset;
        if (withPaper128) {
            paper.encode(arch, hardwareFeatures, batchSize, dest, at);
            at += Paper128Encoder.DIMENSION;
        }
        features.standardise(model, arch, batchSize, dest, at);
    }
}
