package io.latnas.measure;

import io.latnas.cost.NetworkCostModel;
import io.latnas.latency.LatencySource;
import io.latnas.space.Architecture;

/**
 * A latency source that runs networks and says how: every answer is a {@link Measurement} with its
 * spread and conditions. Besides whole subnets it measures single blocks, which is how OFA's lookup
 * tables are built. The latency of a subnet is its measurement's median.
 */
public interface Meter extends LatencySource {

    /** The network width the meter builds subnets at. */
    double widthMultiplier();

    /**
     * Times forward passes of the whole subnet on a batch of random images at its resolution.
     *
     * @throws io.latnas.common.InvalidInputException when the batch size is below 1
     */
    Measurement measure(Architecture arch, int batchSize);

    /**
     * Times forward passes of one block of the subnet alone, fed a random tensor of the block's input shape.
     *
     * @param blockIndex index into {@link NetworkCostModel#blocks} of the subnet
     * @throws io.latnas.common.InvalidInputException when the batch size is below 1 or the index is not a block
     */
    Measurement measureBlock(Architecture arch, int blockIndex, int batchSize);

    @Override
    default double latencyMs(Architecture arch, int batchSize) {
        return measure(arch, batchSize).medianMs();
    }
}
