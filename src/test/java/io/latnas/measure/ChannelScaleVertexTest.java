package io.latnas.measure;

import io.latnas.measure.dl4j.ActivationHSigmoid;
import io.latnas.measure.dl4j.ActivationHSwish;
import io.latnas.measure.dl4j.ChannelScaleVertex;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChannelScaleVertexTest {

    /** A squeeze-excitation in miniature: map, pooled gate (a 1x1 conv or a dense layer), scale, loss. */
    private static ComputationGraph squeezeExcite(boolean denseGate) {
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder()
                .seed(7).dataType(DataType.DOUBLE).updater(new NoOp()).weightInit(WeightInit.XAVIER)
                .graphBuilder()
                .addInputs("in")
                .setInputTypes(InputType.convolutional(4, 5, 3))
                .addLayer("map", new ConvolutionLayer.Builder(1, 1).nOut(6)
                        .activation(new ActivationHSwish()).build(), "in")
                .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).collapseDimensions(denseGate)
                        .build(), "map");
        if (denseGate) {
            g.addLayer("gate", new DenseLayer.Builder().nOut(6).activation(new ActivationHSigmoid()).build(), "pool");
        } else {
            g.addLayer("gate", new ConvolutionLayer.Builder(1, 1).nOut(6)
                    .activation(new ActivationHSigmoid()).build(), "pool");
        }
        g.addVertex("scale", new ChannelScaleVertex(), "map", "gate")
                .addLayer("flat", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "scale")
                .addLayer("out", new OutputLayer.Builder(new LossMSE()).nOut(2)
                        .activation(new ActivationIdentity()).build(), "flat")
                .setOutputs("out");
        ComputationGraph graph = new ComputationGraph(g.build());
        graph.init();
        return graph;
    }

    @Test
    void multipliesEachChannelOfTheMapByItsGate() {
        for (boolean dense : new boolean[] {false, true}) {
            ComputationGraph graph = squeezeExcite(dense);
            INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 3, 4, 5);
            Map<String, INDArray> acts = graph.feedForward(x, false);
            INDArray map = acts.get("map");
            INDArray gate = acts.get("gate").reshape(2, 6, 1, 1);
            INDArray scaled = acts.get("scale");
            assertThat(scaled.shape()).containsExactly(2, 6, 4, 5);
            for (int n = 0; n < 2; n++) {
                for (int c = 0; c < 6; c++) {
                    for (int h = 0; h < 4; h++) {
                        for (int w = 0; w < 5; w++) {
                            assertThat(scaled.getDouble(n, c, h, w))
                                    .isEqualTo(map.getDouble(n, c, h, w) * gate.getDouble(n, c, 0, 0));
                        }
                    }
                }
            }
        }
    }

    @Test
    void backpropagatesToBothInputs() {
        DataType defaultType = Nd4j.defaultFloatingPointType();
        // DL4J's gradient check insists on double as the global default
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            for (boolean dense : new boolean[] {false, true}) {
                ComputationGraph graph = squeezeExcite(dense);
                INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 3, 4, 5).subi(0.5).muli(8);
                INDArray y = Nd4j.rand(DataType.DOUBLE, 2, 2);
                boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(graph)
                        .inputs(new INDArray[] {x}).labels(new INDArray[] {y})
                        .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9));
                assertThat(ok).as("gradient check, %s gate", dense ? "dense" : "conv").isTrue();
            }
        } finally {
            Nd4j.setDefaultDataTypes(defaultType, defaultType);
        }
    }

    @Test
    void rejectsAGateOfAnotherWidth() {
        assertThatThrownBy(() -> new ChannelScaleVertex().getOutputType(0, InputType.convolutional(7, 7, 32),
                InputType.convolutional(1, 1, 16)))
                .isInstanceOf(InvalidInputTypeException.class)
                .hasMessageContaining("32 channels");
    }
}
