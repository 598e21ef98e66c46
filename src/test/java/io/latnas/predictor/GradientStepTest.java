package io.latnas.predictor;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GradientStepTest {

    private static final MlpHyperParameters HP = MlpHyperParameters.paper().withHiddenSizes(List.of(24, 16))
            .withLearningRate(0.05).withWeightDecay(1e-3).withMomentum(0.9);

    @Test
    void matchesDl4jFitStepForStep() {
        for (MlpHyperParameters.Optimiser optimiser : MlpHyperParameters.Optimiser.values()) {
            MlpHyperParameters hp = HP.withOptimiser(optimiser);
            MultiLayerNetwork reference = MlpNetworks.build(10, hp);
            MultiLayerNetwork fused = MlpNetworks.build(10, hp);
            assertThat(fused.params()).isEqualTo(reference.params());
            INDArray initial = reference.params().dup();
            GradientStep step = new GradientStep(fused, MlpNetworks.updater(hp), hp.weightDecay(), 0);
            Nd4j.getRandom().setSeed(7);
            for (int i = 0; i < 5; i++) {
                // A short last batch too, as the final minibatch of an epoch usually is.
                int rows = i == 4 ? 3 : 8;
                INDArray x = Nd4j.rand(DataType.FLOAT, rows, 10);
                INDArray y = Nd4j.rand(DataType.FLOAT, rows, 1);
                reference.fit(x, y);
                step.step(x, y, i, 0);
            }
            assertThat(maxAbsDifference(reference.params(), initial)).as("training moved the weights").isGreaterThan(1e-3);
            assertThat(maxAbsDifference(fused.params(), reference.params())).as(optimiser.name()).isLessThan(1e-5);
        }
    }

    @Test
    void returnsTheSquaredErrorBeforeTheStep() {
        MultiLayerNetwork net = MlpNetworks.build(10, HP);
        GradientStep step = new GradientStep(net, MlpNetworks.updater(HP), HP.weightDecay(), 0);
        INDArray x = Nd4j.rand(DataType.FLOAT, 8, 10);
        INDArray y = Nd4j.rand(DataType.FLOAT, 8, 1);
        double expected = net.output(x, false).sub(y).norm2Number().doubleValue();
        assertThat(step.step(x, y, 0, 0)).isCloseTo(expected * expected, org.assertj.core.data.Offset.offset(1e-4));
    }

    @Test
    void leavesFrozenLayersAloneAndMatchesFitOnTheRest() {
        MultiLayerNetwork base = MlpNetworks.build(10, HP);
        FineTuneConfiguration fine = new FineTuneConfiguration.Builder().seed(HP.seed())
                .updater(MlpNetworks.updater(HP)).l2(HP.weightDecay()).build();
        MultiLayerNetwork reference = new TransferLearning.Builder(base.clone()).fineTuneConfiguration(fine)
                .setFeatureExtractor(1).build();
        MultiLayerNetwork fused = new TransferLearning.Builder(base.clone()).fineTuneConfiguration(fine)
                .setFeatureExtractor(1).build();
        GradientStep step = new GradientStep(fused, MlpNetworks.updater(HP), HP.weightDecay(), 2);
        Nd4j.getRandom().setSeed(11);
        for (int i = 0; i < 4; i++) {
            INDArray x = Nd4j.rand(DataType.FLOAT, 8, 10);
            INDArray y = Nd4j.rand(DataType.FLOAT, 8, 1);
            reference.fit(x, y);
            step.step(x, y, i, 0);
        }
        for (int layer = 0; layer < 2; layer++) {
            assertThat(fused.getLayer(layer).getParam("W")).isEqualTo(base.getLayer(layer).getParam("W"));
            assertThat(fused.getLayer(layer).getParam("b")).isEqualTo(base.getLayer(layer).getParam("b"));
        }
        assertThat(fused.getLayer(2).getParam("W")).isNotEqualTo(base.getLayer(2).getParam("W"));
        assertThat(maxAbsDifference(fused.params(), reference.params())).isLessThan(1e-5);
    }

    private static double maxAbsDifference(INDArray a, INDArray b) {
        return a.sub(b).amaxNumber().doubleValue();
    }
}
