package io.latnas.cost;

import io.latnas.common.InvalidInputException;
import io.latnas.space.Architecture;
import io.latnas.space.SearchSpace;

import java.util.ArrayList;
import java.util.List;

/**
 * The layers of an OFA MobileNetV3 subnet at one width multiplier, exactly as OFA builds them
 * ({@code OFAMobileNetV3} in ofa/imagenet_classification/elastic_nn/networks/ofa_mbv3.py and its
 * active subnet), with MACs and parameters counted as OFA's profiler does (ofa/utils/flops_counter.py):
 * convolutions {@code outH*outW*cin*cout*k*k/groups}, linear layers {@code in*out}, nothing for batch
 * norm, activations, pooling or skip adds. Parameters are conv and linear weights plus the biases of
 * squeeze-excitation convs and the classifier; batch-norm parameters are excluded.
 *
 * <p>The network: a 3x3 stride-2 stem with h-swish; a first block of depthwise 3x3 and pointwise
 * project with no expand conv; five stages of MBConv blocks (strides 2,2,2,1,2; ReLU in the first
 * two, h-swish after; squeeze-excitation in stages 1, 3 and 4, 0-based); a 1x1 final expand with
 * h-swish; global average pool; a 1x1 feature-mix conv without batch norm; a 1000-way classifier.
 *
 * <p>Immutable and thread-safe. {@link #cost} and {@link #macs} allocate nothing per layer, since
 * dataset building calls them about 100,000 times a second.
 */
public final class NetworkCostModel {

    /** OFA's {@code base_stage_width}: stem, first block, five stages, final expand, feature mix. */
    private static final int[] BASE_WIDTHS = {16, 16, 24, 40, 80, 112, 160, 960, 1280};
    private static final int STEM = 0;
    private static final int FIRST_BLOCK = 1;
    private static final int FIRST_STAGE = 2;
    private static final int FINAL_EXPAND = 7;
    private static final int FEATURE_MIX = 8;

    private static final int[] STAGE_STRIDES = {2, 2, 2, 1, 2};
    private static final boolean[] STAGE_H_SWISH = {false, false, true, true, true};
    private static final boolean[] STAGE_SE = {false, true, false, true, true};
    private static final int SE_REDUCTION = 4;
    private static final int CHANNEL_DIVISIBLE = 8;
    private static final int IMAGE_CHANNELS = 3;
    private static final int CLASSES = 1000;

    /** Blocks: the first conv, the first block, up to 20 MBConv blocks, then the four head blocks. */
    private static final int MAX_MBCONV_BLOCKS = 1 + Architecture.MAX_LAYERS;
    private static final String[][] MBCONV_LAYER_NAMES = mbConvLayerNames();
    /** Positions in a row of {@code MBCONV_LAYER_NAMES}. */
    private static final int INVERTED_BOTTLENECK = 0;
    private static final int DEPTH_CONV = 1;
    private static final int SE_POOL = 2;
    private static final int SE_REDUCE = 3;
    private static final int SE_EXPAND = 4;
    private static final int SE_SCALE = 5;
    private static final int POINT_LINEAR = 6;
    private static final int SHORTCUT = 7;

    private static final NetworkCostModel W10 = new NetworkCostModel(1.0);
    private static final NetworkCostModel W12 = new NetworkCostModel(1.2);

    private final double widthMultiplier;
    private final int[] widths;

    private NetworkCostModel(double widthMultiplier) {
        this.widthMultiplier = widthMultiplier;
        this.widths = new int[BASE_WIDTHS.length];
        for (int i = 0; i < BASE_WIDTHS.length; i++) {
            widths[i] = makeDivisible(BASE_WIDTHS[i] * widthMultiplier, CHANNEL_DIVISIBLE);
        }
    }

    /**
     * The model for a width multiplier; 1.0 and 1.2 are shared instances.
     *
     * @throws InvalidInputException when the multiplier is not a positive number
     */
    public static NetworkCostModel of(double widthMultiplier) {
        if (widthMultiplier == 1.0) {
            return W10;
        }
        if (widthMultiplier == 1.2) {
            return W12;
        }
        if (!(widthMultiplier > 0) || Double.isInfinite(widthMultiplier)) {
            throw new InvalidInputException("width", "width multiplier " + widthMultiplier + " must be a positive number");
        }
        return new NetworkCostModel(widthMultiplier);
    }

    /** The model for a search space's width multiplier. */
    public static NetworkCostModel of(SearchSpace space) {
        return of(space.widthMultiplier());
    }

    /** OFA's {@code make_divisible}: round to the nearest multiple, never below the divisor nor more than 10% down. */
    public static int makeDivisible(double value, int divisor) {
        int rounded = Math.max(divisor, (int) (value + divisor / 2.0) / divisor * divisor);
        if (rounded < 0.9 * value) {
            rounded += divisor;
        }
        return rounded;
    }

    /** Output size of a convolution with "same" padding ({@code k/2}): {@code (in - 1) / stride + 1}. */
    public static int outputSize(int inputSize, int stride) {
        return (inputSize - 1) / stride + 1;
    }

    /** Middle width of an MBConv: OFA's {@code make_divisible(round(cin * e), 8)}, round half to even as Python does. */
    public static int middleChannels(int inputChannels, double expandRatio) {
        return makeDivisible(Math.rint(inputChannels * expandRatio), CHANNEL_DIVISIBLE);
    }

    /** Squeeze-excitation's hidden width: {@code make_divisible(mid // 4, 8)}. */
    public static int squeezeChannels(int middleChannels) {
        return makeDivisible(middleChannels / SE_REDUCTION, CHANNEL_DIVISIBLE);
    }

    public double widthMultiplier() {
        return widthMultiplier;
    }

    /** Width of the stem and of the first block. */
    public int stemWidth() {
        return widths[STEM];
    }

    /** Output width of stage {@code stage} (0-based, 0..4). */
    public int stageWidth(int stage) {
        return widths[FIRST_STAGE + stage];
    }

    public int finalExpandWidth() {
        return widths[FINAL_EXPAND];
    }

    public int featureMixWidth() {
        return widths[FEATURE_MIX];
    }

    /** Every layer of the subnet in forward order. */
    public List<Layer> layers(Architecture arch) {
        List<Layer> layers = new ArrayList<>(16 + 8 * arch.activeLayers());
        walk(arch, new LayerVisitor() {
            @Override
            public void layer(int block, LayerKind kind, String name, int inputSize, int inputChannels, int outputSize,
                              int outputChannels, int kernelSize, int stride, int groups, Activation activation,
                              long macs, long parameters, long inputElements, long outputElements) {
                layers.add(new Layer(block, kind, name, new Shape(inputSize, inputSize, inputChannels),
                        new Shape(outputSize, outputSize, outputChannels), kernelSize, stride, groups, activation,
                        macs, parameters, inputElements, outputElements));
            }
        });
        return List.copyOf(layers);
    }

    /** The subnet's blocks in forward order, as OFA's lookup table lists them. */
    public List<Block> blocks(Architecture arch) {
        List<Block> blocks = new ArrayList<>(6 + arch.activeLayers());
        walk(arch, blockCollector(blocks));
        return List.copyOf(blocks);
    }

    /** MACs, parameters and activation sizes of the subnet, per image. */
    public NetworkCost cost(Architecture arch) {
        Totals totals = new Totals();
        walk(arch, totals);
        return new NetworkCost(totals.macs, totals.parameters, totals.activationElements);
    }

    /** MACs of one image, as OFA's profiler counts them. */
    public long macs(Architecture arch) {
        Totals totals = new Totals();
        walk(arch, totals);
        return totals.macs;
    }

    /** Conv and linear weights plus biases; batch-norm parameters excluded. */
    public long parameters(Architecture arch) {
        Totals totals = new Totals();
        walk(arch, totals);
        return totals.parameters;
    }

    /** The blocks every subnet has at this resolution: first conv, first block, final expand, pool, feature mix, classifier. */
    public List<Block> fixedBlocks(int resolution) {
        requirePositive(resolution);
        List<Block> blocks = new ArrayList<>(6);
        LayerVisitor collector = blockCollector(blocks);
        int size = stem(collector, resolution);
        firstBlock(collector, size);
        for (int stage = 0; stage < Architecture.STAGES; stage++) {
            size = outputSize(size, STAGE_STRIDES[stage]);
        }
        head(collector, 0, size);
        return List.copyOf(blocks);
    }

    /**
     * The MBConv block at a position of a stage, whatever the other stages' depths: its input shape
     * depends only on the resolution, the stage and whether it comes first in the stage.
     *
     * @param stage    0-based stage, 0..4
     * @param position 0-based index of the layer within its stage
     */
    public Block mbConvBlock(int resolution, int stage, int position, int kernelSize, int expandRatio) {
        requirePositive(resolution);
        int size = outputSize(resolution, 2);
        for (int s = 0; s < stage; s++) {
            size = outputSize(size, STAGE_STRIDES[s]);
        }
        int inputChannels = position == 0 ? stageInputWidth(stage) : stageWidth(stage);
        int stride = position == 0 ? STAGE_STRIDES[stage] : 1;
        if (position > 0) {
            size = outputSize(size, STAGE_STRIDES[stage]);
        }
        List<Block> one = new ArrayList<>(1);
        mbConv(blockCollector(one), 0, size, inputChannels, stage, stride, kernelSize, expandRatio);
        return one.get(0);
    }

    private int stageInputWidth(int stage) {
        return stage == 0 ? widths[FIRST_BLOCK] : stageWidth(stage - 1);
    }

    private static void requirePositive(int resolution) {
        if (resolution <= 0) {
            throw new InvalidInputException("r", "r=" + resolution + " must be a positive image size");
        }
    }

    /** Walks the subnet in forward order, telling the visitor each block and then its layers. */
    private void walk(Architecture arch, LayerVisitor visitor) {
        int size = stem(visitor, arch.resolution());
        firstBlock(visitor, size);
        int mbConvBlocks = 1;
        int channels = widths[FIRST_BLOCK];
        for (int stage = 0; stage < Architecture.STAGES; stage++) {
            for (int position = 0; position < arch.depth(stage); position++) {
                int layer = stage * Architecture.MAX_DEPTH + position;
                int stride = position == 0 ? STAGE_STRIDES[stage] : 1;
                size = mbConv(visitor, mbConvBlocks, size, channels, stage, stride,
                        arch.kernelSize(layer), arch.expandRatio(layer));
                channels = stageWidth(stage);
                mbConvBlocks++;
            }
        }
        head(visitor, mbConvBlocks, size);
    }

    private int stem(LayerVisitor v, int resolution) {
        int out = outputSize(resolution, 2);
        int width = widths[STEM];
        v.block(BlockKind.FIRST_CONV, resolution, IMAGE_CHANNELS, out, width, 0, 3, 2, false, false, true);
        conv(v, 0, LayerKind.CONV, "first_conv", resolution, IMAGE_CHANNELS, width, 3, 2, 1, Activation.H_SWISH, false);
        return out;
    }

    /** OFA's first block has expand ratio 1, so no expand conv: depthwise 3x3, then the pointwise project. */
    private void firstBlock(LayerVisitor v, int size) {
        int in = widths[STEM];
        int out = widths[FIRST_BLOCK];
        boolean skip = in == out;
        String[] names = MBCONV_LAYER_NAMES[0];
        v.block(BlockKind.EXPANDED_CONV, size, in, size, out, in, 3, 1, skip, false, false);
        conv(v, 1, LayerKind.DEPTHWISE_CONV, names[DEPTH_CONV], size, in, in, 3, 1, in, Activation.RELU, false);
        conv(v, 1, LayerKind.CONV, names[POINT_LINEAR], size, in, out, 1, 1, 1, Activation.NONE, false);
        if (skip) {
            add(v, 1, names[SHORTCUT], size, out);
        }
    }

    /**
     * One MBConv block: 1x1 expand, kxk depthwise, optional squeeze-excitation, 1x1 project, and an
     * identity skip when the stride is 1 and the widths match. Returns the output size.
     *
     * @param index OFA's index of the block in {@code blocks} (the first block is 0)
     */
    private int mbConv(LayerVisitor v, int index, int size, int in, int stage, int stride, int kernelSize,
                       int expandRatio) {
        int out = stageWidth(stage);
        int mid = middleChannels(in, expandRatio);
        int outSize = outputSize(size, stride);
        boolean skip = stride == 1 && in == out;
        boolean se = STAGE_SE[stage];
        boolean hSwish = STAGE_H_SWISH[stage];
        Activation act = hSwish ? Activation.H_SWISH : Activation.RELU;
        String[] names = MBCONV_LAYER_NAMES[index];
        int block = index + 1;
        v.block(BlockKind.EXPANDED_CONV, size, in, outSize, out, mid, kernelSize, stride, skip, se, hSwish);
        conv(v, block, LayerKind.CONV, names[INVERTED_BOTTLENECK], size, in, mid, 1, 1, 1, act, false);
        conv(v, block, LayerKind.DEPTHWISE_CONV, names[DEPTH_CONV], size, mid, mid, kernelSize, stride, mid, act, false);
        if (se) {
            int squeeze = squeezeChannels(mid);
            globalPool(v, block, names[SE_POOL], outSize, mid);
            conv(v, block, LayerKind.CONV, names[SE_REDUCE], 1, mid, squeeze, 1, 1, 1, Activation.RELU, true);
            conv(v, block, LayerKind.CONV, names[SE_EXPAND], 1, squeeze, mid, 1, 1, 1, Activation.H_SIGMOID, true);
            long map = (long) outSize * outSize * mid;
            v.layer(block, LayerKind.SCALE, names[SE_SCALE], outSize, mid, outSize, mid, 1, 1, 1, Activation.NONE,
                    0, 0, map + mid, map);
        }
        conv(v, block, LayerKind.CONV, names[POINT_LINEAR], outSize, mid, out, 1, 1, 1, Activation.NONE, false);
        if (skip) {
            add(v, block, names[SHORTCUT], outSize, out);
        }
        return outSize;
    }

    /** Final expand, global pool, feature mix and classifier, one block each. */
    private void head(LayerVisitor v, int mbConvBlocks, int size) {
        int in = stageWidth(Architecture.STAGES - 1);
        int expand = widths[FINAL_EXPAND];
        int mix = widths[FEATURE_MIX];
        int block = mbConvBlocks + 1;
        v.block(BlockKind.FINAL_EXPAND, size, in, size, expand, 0, 1, 1, false, false, true);
        conv(v, block, LayerKind.CONV, "final_expand_layer", size, in, expand, 1, 1, 1, Activation.H_SWISH, false);
        v.block(BlockKind.POOL, size, expand, 1, expand, 0, 1, 1, false, false, false);
        globalPool(v, block + 1, "global_avg_pool", size, expand);
        v.block(BlockKind.FEATURE_MIX, 1, expand, 1, mix, 0, 1, 1, false, false, true);
        conv(v, block + 2, LayerKind.CONV, "feature_mix_layer", 1, expand, mix, 1, 1, 1, Activation.H_SWISH, false);
        v.block(BlockKind.CLASSIFIER, 1, mix, 1, CLASSES, 0, 1, 1, false, false, false);
        v.layer(block + 3, LayerKind.LINEAR, "classifier", 1, mix, 1, CLASSES, 1, 1, 1, Activation.NONE,
                (long) mix * CLASSES, (long) mix * CLASSES + CLASSES, mix, CLASSES);
    }

    private static void conv(LayerVisitor v, int block, LayerKind kind, String name, int size, int in, int out,
                             int kernelSize, int stride, int groups, Activation act, boolean bias) {
        int outSize = outputSize(size, stride);
        long weights = (long) in / groups * out * kernelSize * kernelSize;
        long macs = (long) outSize * outSize * weights;
        v.layer(block, kind, name, size, in, outSize, out, kernelSize, stride, groups, act, macs,
                weights + (bias ? out : 0), (long) size * size * in, (long) outSize * outSize * out);
    }

    private static void globalPool(LayerVisitor v, int block, String name, int size, int channels) {
        v.layer(block, LayerKind.GLOBAL_POOL, name, size, channels, 1, channels, size, 1, 1, Activation.NONE,
                0, 0, (long) size * size * channels, channels);
    }

    private static void add(LayerVisitor v, int block, String name, int size, int channels) {
        long map = (long) size * size * channels;
        v.layer(block, LayerKind.ADD, name, size, channels, size, channels, 1, 1, 1, Activation.NONE,
                0, 0, 2 * map, map);
    }

    private static LayerVisitor blockCollector(List<Block> blocks) {
        return new LayerVisitor() {
            @Override
            public void block(BlockKind kind, int inputSize, int inputChannels, int outputSize, int outputChannels,
                              int middleChannels, int kernelSize, int stride, boolean identitySkip,
                              boolean squeezeExcite, boolean hardSwish) {
                blocks.add(new Block(kind, new Shape(inputSize, inputSize, inputChannels),
                        new Shape(outputSize, outputSize, outputChannels), middleChannels, kernelSize, stride,
                        identitySkip, squeezeExcite, hardSwish));
            }
        };
    }

    /**
     * Receives the network block by block and layer by layer, in forward order, as plain numbers, so
     * that totals can be summed without building a record per layer. Maps are square.
     */
    private interface LayerVisitor {

        default void block(BlockKind kind, int inputSize, int inputChannels, int outputSize, int outputChannels,
                           int middleChannels, int kernelSize, int stride, boolean identitySkip,
                           boolean squeezeExcite, boolean hardSwish) {
        }

        default void layer(int block, LayerKind kind, String name, int inputSize, int inputChannels, int outputSize,
                           int outputChannels, int kernelSize, int stride, int groups, Activation activation,
                           long macs, long parameters, long inputElements, long outputElements) {
        }
    }

    private static final class Totals implements LayerVisitor {
        long macs;
        long parameters;
        long activationElements;

        @Override
        public void layer(int block, LayerKind kind, String name, int inputSize, int inputChannels, int outputSize,
                          int outputChannels, int kernelSize, int stride, int groups, Activation activation,
                          long macs, long parameters, long inputElements, long outputElements) {
            this.macs += macs;
            this.parameters += parameters;
            this.activationElements += inputElements + outputElements;
        }
    }

    /** OFA's module names in a subnet's {@code blocks}, built once so the walk allocates no strings. */
    private static String[][] mbConvLayerNames() {
        String[][] names = new String[MAX_MBCONV_BLOCKS][];
        for (int i = 0; i < MAX_MBCONV_BLOCKS; i++) {
            String conv = "blocks." + i + ".conv.";
            names[i] = new String[] {
                conv + "inverted_bottleneck",
                conv + "depth_conv",
                conv + "depth_conv.se.pool",
                conv + "depth_conv.se.fc.reduce",
                conv + "depth_conv.se.fc.expand",
                conv + "depth_conv.se.scale",
                conv + "point_linear",
                "blocks." + i + ".shortcut"
            };
        }
        return names;
    }
}
