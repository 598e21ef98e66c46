package io.latnas.measure.dl4j;

import io.latnas.common.InvalidInputException;
import io.latnas.cost.Activation;
import io.latnas.cost.Block;
import io.latnas.cost.BlockKind;
import io.latnas.cost.Layer;
import io.latnas.cost.LayerKind;
import io.latnas.cost.NetworkCostModel;
import io.latnas.cost.Shape;
import io.latnas.space.Architecture;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Builds an OFA MobileNetV3 subnet, or one of its blocks alone, as a DL4J {@link ComputationGraph}
 * with seeded random fp32 weights, layer for layer from {@link NetworkCostModel#layers}, so the graph
 * and the cost model cannot disagree. Each cost-model layer becomes:
 * <ul>
 *   <li>a convolution with batch norm (stem, expand, depthwise, project, final expand): the conv
 *       without bias, {@link BatchNormalization}, then an {@link ActivationLayer} unless the layer is linear;</li>
 *   <li>a convolution without batch norm (squeeze-excitation's reduce and expand with bias, the
 *       feature mix without): the conv with its activation fused;</li>
 *   <li>a global pool: {@link GlobalPoolingLayer} average, keeping {@code [N,C,1,1]};</li>
 *   <li>squeeze-excitation's scale: a {@link ChannelScaleVertex} of the block's depthwise output and the gate;</li>
 *   <li>an identity skip: an {@link ElementWiseVertex} add of the block's input and its projection;</li>
 *   <li>the classifier: a {@link DenseLayer} with bias, its input flattened by DL4J's preprocessor.</li>
 * </ul>
 * Depthwise convolutions are {@link DepthwiseConvolution2D}; every convolution uses "same" padding,
 * whose output size {@code ceil(in / stride)} is the cost model's. Inputs are NCHW.
 *
 * <p>Graph initialisation seeds ND4J's global random generator, so builds are serialised on a
 * process-wide lock; a built graph may be used by one thread at a time.
 */
public final class OfaGraphBuilder {

    /** The graph's input vertex. */
    public static final String INPUT = "input";

    private static final Object INIT_LOCK = new Object();
    private static final String BATCH_NORM_SUFFIX = "/bn";
    private static final String ACTIVATION_SUFFIX = "/act";

    private final NetworkCostModel model;
    private final long seed;

    public OfaGraphBuilder(NetworkCostModel model, long seed) {
        this.model = model;
        this.seed = seed;
    }

    public NetworkCostModel model() {
        return model;
    }

    public long seed() {
        return seed;
    }

    /** The whole subnet: input {@code [N, 3, r, r]}, output {@code [N, 1000]} logits. */
    public ComputationGraph network(Architecture arch) {
        return build(model.layers(arch), model.blocks(arch));
    }

    /**
     * One block of the subnet alone, its input the block's input shape, as OFA's lookup table measures it.
     *
     * @param blockIndex index into {@link NetworkCostModel#blocks}
     * @throws InvalidInputException when the index is outside the subnet's blocks
     */
    public ComputationGraph block(Architecture arch, int blockIndex) {
        List<Block> blocks = model.blocks(arch);
        if (blockIndex < 0 || blockIndex >= blocks.size()) {
            throw new InvalidInputException("block", "block " + blockIndex + " is outside 0.." + (blocks.size() - 1)
                    + " of " + arch);
        }
        List<Layer> layers = model.layers(arch).stream().filter(l -> l.block() == blockIndex).toList();
        return build(layers, blocks);
    }

    /** The NCHW input shape {@code [batch, channels, height, width]} for a map of this shape. */
    public static long[] inputShape(Shape input, int batchSize) {
        return new long[] {batchSize, input.channels(), input.height(), input.width()};
    }

    /** A fixed uniform [-1, 1) input of the given shape, the same for the same seed. */
    public static INDArray randomInput(long[] shape, long seed) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        float[] values = new float[Math.toIntExact(n)];
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (2 * rng.nextDouble() - 1);
        }
        return Nd4j.create(values, shape, 'c');
    }

    /**
     * Weights and biases of the graph's convolution and dense layers, batch norm excluded: the
     * quantity {@link NetworkCostModel#parameters} counts.
     */
    public static long convAndDenseParameters(ComputationGraph graph) {
        long total = 0;
        for (org.deeplearning4j.nn.api.Layer layer : graph.getLayers()) {
            Object conf = layer.conf().getLayer();
            if (conf instanceof ConvolutionLayer || conf instanceof DenseLayer) {
                total += layer.numParams();
            }
        }
        return total;
    }

    private ComputationGraph build(List<Layer> layers, List<Block> blocks) {
        Shape input = layers.get(0).input();
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.RELU)
                .convolutionMode(ConvolutionMode.Same)
                .graphBuilder()
                .addInputs(INPUT)
                .setInputTypes(InputType.convolutional(input.height(), input.width(), input.channels()));
        String current = INPUT;
        String blockInput = INPUT;
        String squeezeInput = null;
        int block = layers.get(0).block();
        for (Layer layer : layers) {
            if (layer.block() != block) {
                block = layer.block();
                blockInput = current;
            }
            BlockKind blockKind = blocks.get(layer.block()).kind();
            switch (layer.kind()) {
                case CONV, DEPTHWISE_CONV -> current = convolution(g, layer, blockKind, current);
                case GLOBAL_POOL -> {
                    if (blockKind == BlockKind.EXPANDED_CONV) {
                        squeezeInput = current;
                    }
                    g.addLayer(layer.name(), new GlobalPoolingLayer.Builder(PoolingType.AVG)
                            .collapseDimensions(false).build(), current);
                    current = layer.name();
                }
                case SCALE -> {
                    g.addVertex(layer.name(), new ChannelScaleVertex(), squeezeInput, current);
                    current = layer.name();
                }
                case ADD -> {
                    g.addVertex(layer.name(), new ElementWiseVertex(ElementWiseVertex.Op.Add), blockInput, current);
                    current = layer.name();
                }
                case LINEAR -> {
                    int in = layer.input().channels();
                    int out = layer.output().channels();
                    g.addLayer(layer.name(), new DenseLayer.Builder().nIn(in).nOut(out)
                            .hasBias(hasBias(layer, (long) in * out))
                            .activation(activation(layer.activation())).build(), current);
                    current = layer.name();
                }
                default -> throw new IllegalStateException("no DL4J layer for " + layer.kind());
            }
        }
        g.setOutputs(current);
        ComputationGraph graph = new ComputationGraph(g.build());
        synchronized (INIT_LOCK) {
            graph.init();
        }
        return graph;
    }

    /**
     * OFA puts batch norm after every convolution except squeeze-excitation's (which have biases instead)
     * and the feature mix, and applies the activation after the norm.
     */
    private static String convolution(ComputationGraphConfiguration.GraphBuilder g, Layer layer, BlockKind blockKind,
                                      String input) {
        int in = layer.input().channels();
        int out = layer.output().channels();
        int k = layer.kernelSize();
        boolean depthwise = layer.kind() == LayerKind.DEPTHWISE_CONV;
        if (depthwise ? layer.groups() != in || out != in : layer.groups() != 1) {
            throw new IllegalStateException("grouped convolution " + layer.name() + " has no DL4J layer here");
        }
        long weights = (long) in / layer.groups() * out * k * k;
        boolean bias = hasBias(layer, weights);
        boolean batchNorm = !bias && blockKind != BlockKind.FEATURE_MIX;
        IActivation fused = batchNorm ? new ActivationIdentity() : activation(layer.activation());
        org.deeplearning4j.nn.conf.layers.Layer conv = depthwise
                ? new DepthwiseConvolution2D.Builder(k, k).stride(layer.stride(), layer.stride()).depthMultiplier(1)
                        .nIn(in).nOut(out).hasBias(false).activation(fused).build()
                : new ConvolutionLayer.Builder(k, k).stride(layer.stride(), layer.stride())
                        .nIn(in).nOut(out).hasBias(bias).activation(fused).build();
        g.addLayer(layer.name(), conv, input);
        String current = layer.name();
        if (batchNorm) {
            g.addLayer(current + BATCH_NORM_SUFFIX, new BatchNormalization.Builder().nIn(out).nOut(out).build(),
                    current);
            current += BATCH_NORM_SUFFIX;
            if (layer.activation() != Activation.NONE) {
                g.addLayer(layer.name() + ACTIVATION_SUFFIX,
                        new ActivationLayer.Builder().activation(activation(layer.activation())).build(), current);
                current = layer.name() + ACTIVATION_SUFFIX;
            }
        }
        return current;
    }

    /** The cost model counts a bias as one parameter per output channel beyond the weights. */
    private static boolean hasBias(Layer layer, long weights) {
        long extra = layer.parameters() - weights;
        if (extra != 0 && extra != layer.output().channels()) {
            throw new IllegalStateException(layer.name() + " has " + layer.parameters() + " parameters for "
                    + weights + " weights");
        }
        return extra != 0;
    }

    private static IActivation activation(Activation activation) {
        return switch (activation) {
            case NONE -> new ActivationIdentity();
            case RELU -> new ActivationReLU();
            case H_SWISH -> new ActivationHSwish();
            case H_SIGMOID -> new ActivationHSigmoid();
        };
    }
}
