package io.latnas.cost;

/**
 * One layer of a subnet as it runs at inference, batch norm and activation folded into the
 * convolution before them. Counts are per image; {@link #bytes(int)} scales activations by the batch.
 *
 * <p>For pools and element-wise layers the kernel is the pooling window (the whole map) or 1, and
 * stride and groups are 1. A {@link LayerKind#SCALE} or {@link LayerKind#ADD} layer reads two
 * tensors, so its {@code inputElements} is larger than its input shape.
 *
 * @param block          index of the block this layer belongs to in {@link NetworkCostModel#blocks}
 * @param name           OFA's module name in the subnet, e.g. {@code blocks.3.conv.depth_conv}
 * @param macs           multiply-accumulates as OFA's profiler counts them
 * @param parameters     weights plus biases; batch-norm parameters are not counted
 * @param inputElements  activation values read
 * @param outputElements activation values written
 */
public record Layer(int block, LayerKind kind, String name, Shape input, Shape output, int kernelSize,
                    int stride, int groups, Activation activation, long macs, long parameters,
                    long inputElements, long outputElements) {

    /** Weight values read: the layer's parameters. */
    public long weightElements() {
        return parameters;
    }

    /** fp32 bytes moved for a batch: every activation read and written, and the weights once. */
    public long bytes(int batchSize) {
        return NetworkCost.BYTES_PER_ELEMENT * (batchSize * (inputElements + outputElements) + parameters);
    }
}
