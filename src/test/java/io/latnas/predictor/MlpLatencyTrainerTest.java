package io.latnas.predictor;

import io.latnas.common.InvalidInputException;
import io.latnas.encoding.Paper131Encoder;
import io.latnas.space.Architecture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MlpLatencyTrainerTest {

    /** The paper's network and optimiser; only the epochs are cut so the test stays quick. */
    private static final MlpHyperParameters QUICK = MlpHyperParameters.paper().withEpochs(12).withSeed(5);

    private static LatencySamples samples;
    private static MlpLatencyPredictor predictor;

    @BeforeAll
    static void trainOnce() {
        samples = SyntheticLatencies.samples(500, 11);
        predictor = new MlpLatencyTrainer("paper128", QUICK).train(samples);
    }

    @Test
    void learnsToRankArchitecturesByLatency() {
        Evaluation e = predictor.evaluation();
        assertThat(e.count()).isEqualTo(75);
        // Far better than always answering the mean latency, after 12 epochs on 350 rows.
        SampleSplit split = SampleSplit.random(samples, QUICK.seed());
        double[] measured = split.test().latenciesMs();
        double[] mean = new double[measured.length];
        java.util.Arrays.fill(mean, java.util.Arrays.stream(split.train().latenciesMs()).average().orElseThrow());
        assertThat(e.rmseMs()).isLessThan(0.6 * Evaluation.of(measured, mean).rmseMs());
        assertThat(e.kendallTau()).isGreaterThan(0.65);
        assertThat(e.within10Percent()).isGreaterThan(0.25);
    }

    @Test
    void recordsLossPerEpochAndKeepsTheBestValidationEpoch() {
        LossCurve curve = predictor.lossCurve();
        assertThat(curve.epochs()).isEqualTo(12);
        double[] validation = curve.validationLoss();
        int argmin = 0;
        for (int i = 1; i < validation.length; i++) {
            if (validation[i] < validation[argmin]) {
                argmin = i;
            }
        }
        assertThat(curve.bestEpoch()).isEqualTo(argmin);
        assertThat(curve.trainLoss()[curve.epochs() - 1]).isLessThan(curve.trainLoss()[0]);
        // The kept weights are the best epoch's: re-measuring the validation loss gives its value back.
        SampleSplit split = SampleSplit.random(samples, QUICK.seed());
        double[] z = new double[split.validation().size()];
        float[] out = predictor.outputs(MlpLatencyPredictor.encode(predictor.encoder(), split.validation()), z.length);
        double mse = 0;
        for (int i = 0; i < z.length; i++) {
            double d = out[i] - predictor.normaliser().normalise(split.validation().latencyMs(i));
            mse += d * d / z.length;
        }
        assertThat(mse).isCloseTo(curve.bestValidationLoss(), org.assertj.core.data.Percentage.withPercentage(0.1));
    }

    @Test
    void carriesItsProvenance() {
        PredictorProvenance p = predictor.provenance();
        SampleSplit split = SampleSplit.random(samples, QUICK.seed());
        assertThat(p.predictorId()).matches("mlp-[0-9a-f]{16}").isEqualTo(predictor.id());
        assertThat(p.encoderId()).isEqualTo("paper128");
        assertThat(p.hardwareScaling()).isNull();
        assertThat(p.hardwareIds()).containsExactly("synthetic");
        assertThat(p.batchSizes()).containsExactly(1);
        assertThat(p.datasetHash()).isEqualTo(split.datasetHash());
        assertThat(p.split()).startsWith("random 70/15/15 seed=5");
        assertThat(List.of(p.trainRows(), p.validationRows(), p.testRows())).containsExactly(350, 75, 75);
        assertThat(p.hyperParameters()).isEqualTo(QUICK);
        assertThat(p.seed()).isEqualTo(5L);
        assertThat(p.createdAt()).isNotNull();
        assertThat(p.fineTunedFrom()).isEmpty();
        assertThat(predictor.hiddenSizes()).containsExactly(400, 400);
        assertThat(predictor.normaliser().scale()).isEqualTo(TargetNormaliser.Scale.STANDARD);
    }

    @Test
    void sameSeedAndDataGiveTheSamePredictor() {
        MlpHyperParameters small = QUICK.withHiddenSizes(List.of(32, 32)).withEpochs(3);
        LatencySamples few = samples.head(200);
        MlpLatencyPredictor a = new MlpLatencyTrainer("paper128", small).train(few);
        MlpLatencyPredictor b = new MlpLatencyTrainer("paper128", small).train(few);
        MlpLatencyPredictor c = new MlpLatencyTrainer("paper128", small.withSeed(6)).train(few);
        assertThat(b.id()).isEqualTo(a.id());
        assertThat(b.predictMs(few.architectures(), null, 1)).isEqualTo(a.predictMs(few.architectures(), null, 1));
        assertThat(b.lossCurve()).isEqualTo(a.lossCurve());
        assertThat(c.id()).isNotEqualTo(a.id());
    }

    @Test
    void aSeedOfZeroIsASeedLikeAnyOther() {
        // DL4J reads a seed of 0 as "take one from the clock"; ours must still repeat.
        MlpHyperParameters zero = QUICK.withHiddenSizes(List.of(32, 32)).withEpochs(2).withSeed(0);
        LatencySamples few = samples.head(200);
        MlpLatencyPredictor a = new MlpLatencyTrainer("paper128", zero).train(few);
        MlpLatencyPredictor b = new MlpLatencyTrainer("paper128", zero).train(few);
        assertThat(b.id()).isEqualTo(a.id());
        assertThat(b.predictMs(few.architectures(), null, 1)).isEqualTo(a.predictMs(few.architectures(), null, 1));
    }

    @Test
    void logTargetsTrainToPositiveLatencies() {
        MlpHyperParameters log = QUICK.withTargetScale(TargetNormaliser.Scale.LOG_STANDARD).withEpochs(8);
        MlpLatencyPredictor p = new MlpLatencyTrainer("paper128", log).train(samples);
        assertThat(p.normaliser().scale()).isEqualTo(TargetNormaliser.Scale.LOG_STANDARD);
        assertThat(p.evaluation().kendallTau()).isGreaterThan(0.6);
        assertThat(java.util.Arrays.stream(p.predictMs(samples.architectures(), null, 1)).min().orElseThrow()).isPositive();
    }

    @Test
    void earlyStoppingEndsTrainingOncePatienceRunsOut() {
        // Latencies that are pure noise: the validation loss soon stops improving.
        SplittableRandom rng = new SplittableRandom(2);
        LatencySamples noise = SyntheticLatencies.samples(120, 3, a -> 5 + rng.nextDouble());
        MlpHyperParameters hp = QUICK.withHiddenSizes(List.of(32, 32)).withEpochs(100).withEarlyStoppingPatience(3);
        LossCurve curve = new MlpLatencyTrainer("paper128", hp).train(noise).lossCurve();
        assertThat(curve.epochs()).isLessThan(100).isEqualTo(curve.bestEpoch() + 3 + 1);
    }

    @Test
    void hardwareAwareEncoderFitsItsScalingOnTheTrainingHardware() {
        double[] gpuA = {4352, 11, 616};
        double[] gpuB = {5120, 16, 900};
        List<Architecture> archs = SyntheticLatencies.architectures(300, 4);
        LatencySamples.Builder b = LatencySamples.builder();
        for (int i = 0; i < archs.size(); i++) {
            Architecture a = archs.get(i);
            boolean fast = i % 2 == 0;
            b.add(a, fast ? "v100" : "2080ti", fast ? gpuB : gpuA, 1,
                    SyntheticLatencies.latencyMs(a) * (fast ? 0.6 : 1.0));
        }
        LatencySamples two = b.build();
        MlpLatencyPredictor p = new MlpLatencyTrainer(Paper131Encoder.ID, QUICK.withEpochs(6)).train(two);
        assertThat(p.encoderId()).isEqualTo("paper131");
        assertThat(p.provenance().hardwareIds()).containsExactly("2080ti", "v100");
        assertThat(p.provenance().hardwareScaling().means()).containsExactly((4352 + 5120) / 2.0, 13.5, 758.0);
        Architecture a = archs.get(0);
        assertThat(p.predictMs(a, gpuB, 1)).isLessThan(p.predictMs(a, gpuA, 1));
        assertThatThrownBy(() -> p.predictMs(a, null, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hardware");
    }

    @Test
    void rejectsAnUnknownEncoder() {
        assertThatThrownBy(() -> new MlpLatencyTrainer("paper999", QUICK))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("paper128");
    }

    @Test
    void fineTuningOnAShiftedTargetBeatsTheBaseAndKeepsFrozenWeights() {
        // The new hardware: 1.6x slower, 3 ms more overhead, and depth costs extra.
        LatencySamples target = SyntheticLatencies.samples(200, 21,
                a -> 1.6 * SyntheticLatencies.latencyMs(a) + 3 + 0.4 * a.activeLayers());
        SampleSplit split = SampleSplit.random(target, 9);
        MlpHyperParameters fine = QUICK.withEpochs(30);
        MlpLatencyPredictor tuned = MlpLatencyTrainer.fineTune(predictor, split, fine, 2);

        double baseRmse = predictor.evaluate(split.test()).rmseMs();
        assertThat(tuned.evaluation().rmseMs()).isLessThan(baseRmse / 3);
        assertThat(tuned.evaluation().kendallTau()).isGreaterThan(0.6);
        for (int layer = 0; layer < 2; layer++) {
            assertThat(tuned.layerParameters(layer)).isEqualTo(predictor.layerParameters(layer));
        }
        assertThat(tuned.layerParameters(2)).isNotEqualTo(predictor.layerParameters(2));
        assertThat(tuned.provenance().fineTunedFrom()).contains(predictor.id());
        assertThat(tuned.provenance().frozenLayers()).isEqualTo(2);
        assertThat(tuned.provenance().trainRows()).isEqualTo(140);
        assertThat(tuned.id()).isNotEqualTo(predictor.id());
    }

    @Test
    void fineTuningRefusesToFreezeEveryLayer() {
        assertThatThrownBy(() -> MlpLatencyTrainer.fineTune(predictor, SampleSplit.random(samples, 1), QUICK, 3))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("1..2");
    }
}
