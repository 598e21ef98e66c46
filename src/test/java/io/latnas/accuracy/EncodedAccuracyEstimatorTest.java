package io.latnas.accuracy;

import io.latnas.encoding.HardwareFeatures;
import io.latnas.encoding.Paper128Encoder;
import io.latnas.encoding.Paper131Encoder;
import io.latnas.space.Architecture;
import io.latnas.space.SearchSpaces;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EncodedAccuracyEstimatorTest {

    @Test
    void feedsTheModelOneEncodedRowPerArchitectureInOrder() {
        // A stand-in model: 60 plus the number of ones in the encoding (2 per active layer + 1 resolution).
        EncodedAccuracyEstimator.Model countOnes = features -> {
            double[] out = new double[features.length];
            for (int i = 0; i < features.length; i++) {
                double sum = 0;
                for (float f : features[i]) {
                    sum += f;
                }
                out[i] = 60 + sum;
            }
            return out;
        };
        EncodedAccuracyEstimator estimator = new EncodedAccuracyEstimator("mlp-top1-v1", new Paper128Encoder(), countOnes);
        SplittableRandom rng = new SplittableRandom(1);
        Architecture a = SearchSpaces.OFA_W10.sample(rng);
        Architecture b = SearchSpaces.OFA_W10.sample(rng);

        assertThat(estimator.accuracy(List.of(a, b)))
                .containsExactly(60 + 2 * a.activeLayers() + 1, 60 + 2 * b.activeLayers() + 1);
        assertThat(estimator.id()).isEqualTo("mlp-top1-v1");
        assertThat(estimator.isSurrogate()).isFalse();
    }

    @Test
    void refusesAnEncoderThatNeedsHardwareFeatures() {
        assertThatThrownBy(() -> new EncodedAccuracyEstimator("m", new Paper131Encoder(
                new HardwareFeatures(new double[] {0, 0, 0}, new double[] {1, 1, 1})), f -> new double[f.length]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("architecture-only encoder");
    }
}
