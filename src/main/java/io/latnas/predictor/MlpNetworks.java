package io.latnas.predictor;

import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.ArrayList;
import java.util.List;

/** Builds the DL4J network of an MLP predictor and reads its shape back. */
final class MlpNetworks {

    private MlpNetworks() {
    }

    /** What DL4J seeds its weight initialisation with for our {@code seed}. */
    static final long SEED_ZERO_STAND_IN = 0x5DEECE66DL;

    /**
     * DL4J takes a seed of 0 to mean "none" and initialises the weights from the clock, so a seed of 0
     * gave a different predictor on every run; it is passed on as {@link #SEED_ZERO_STAND_IN} instead.
     * Every other seed is passed on as it is, so predictors trained with them are unchanged.
     */
    static long dl4jSeed(long seed) {
        return seed == 0 ? SEED_ZERO_STAND_IN : seed;
    }

    /**
     * input → hidden ReLU layers → one linear output, squared-error loss, float32. He initialisation
     * for the ReLU layers; L2 on weights only, as PyTorch's SGD weight decay.
     */
    static MultiLayerNetwork build(int inputs, MlpHyperParameters hp) {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                .seed(dl4jSeed(hp.seed()))
                .dataType(DataType.FLOAT)
                .updater(updater(hp))
                .l2(hp.weightDecay())
                .trainingWorkspaceMode(WorkspaceMode.ENABLED)
                .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
                .cacheMode(CacheMode.NONE)
                .list();
        int in = inputs;
        for (int width : hp.hiddenSizes()) {
            list.layer(new DenseLayer.Builder().nIn(in).nOut(width).activation(Activation.RELU)
                    .weightInit(WeightInit.RELU).build());
            in = width;
        }
        list.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(in).nOut(1)
                .activation(Activation.IDENTITY).weightInit(WeightInit.XAVIER).build());
        MultiLayerConfiguration conf = list.build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    static IUpdater updater(MlpHyperParameters hp) {
        return switch (hp.optimiser()) {
            case SGD -> new Sgd(hp.learningRate());
            case NESTEROV -> new Nesterovs(hp.learningRate(), hp.momentum());
            case ADAM -> new Adam(hp.learningRate());
        };
    }

    /** Widths of the hidden layers of a network built here (frozen ones included). */
    static List<Integer> hiddenSizes(MultiLayerNetwork net) {
        List<Integer> sizes = new ArrayList<>();
        int layers = net.getnLayers();
        for (int i = 0; i < layers - 1; i++) {
            sizes.add((int) feedForward(net, i).getNOut());
        }
        return sizes;
    }

    /** Number of inputs the network expects. */
    static int inputs(MultiLayerNetwork net) {
        return (int) feedForward(net, 0).getNIn();
    }

    private static FeedForwardLayer feedForward(MultiLayerNetwork net, int layer) {
        org.deeplearning4j.nn.conf.layers.Layer conf = net.getLayerWiseConfigurations().getConf(layer).getLayer();
        if (conf instanceof FrozenLayer frozen) {
            conf = frozen.getLayer();
        }
        return (FeedForwardLayer) conf;
    }
}
