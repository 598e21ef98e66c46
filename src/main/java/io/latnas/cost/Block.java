package io.latnas.cost;

/**
 * One entry of OFA's latency lookup table: a block of layers with the input and output shapes the
 * table names it by. The MBConv fields are those of the {@code expanded_conv} key; for other kinds
 * the kernel and stride are the block's own (the first conv's 3 and 2, otherwise 1) and the rest 0.
 *
 * @param middleChannels the MBConv's expanded width (the table's {@code expand}), equal to the input
 *                       width for the first block, which has no expand conv
 */
public record Block(BlockKind kind, Shape input, Shape output, int middleChannels, int kernelSize, int stride,
                    boolean identitySkip, boolean squeezeExcite, boolean hardSwish) {
}
