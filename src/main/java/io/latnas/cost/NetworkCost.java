package io.latnas.cost;

/**
 * Totals of a subnet's layers for one image.
 *
 * @param macs               multiply-accumulates as OFA's profiler counts them
 * @param parameters         conv and linear weights plus biases; batch-norm parameters are excluded
 * @param activationElements activation values read and written by all layers, per image
 */
public record NetworkCost(long macs, long parameters, long activationElements) {

    /** fp32. */
    public static final int BYTES_PER_ELEMENT = 4;

    /** Bytes moved by a forward pass of a batch if no activation stays on chip: activations per image, weights once. */
    public long bytes(int batchSize) {
        return BYTES_PER_ELEMENT * ((long) batchSize * activationElements + parameters);
    }
}
