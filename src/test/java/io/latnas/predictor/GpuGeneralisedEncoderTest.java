package io.latnas.predictor;

import io.latnas.encoding.GpuGeneralisedEncoder;
import io.latnas.encoding.HardwareFeatures;
import io.latnas.space.Architecture;
import io.latnas.space.SearchSpaces;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class GpuGeneralisedEncoderTest {

    private static final double[] SMALL = {2560, 16, 320, 8100};
    private static final double[] LARGE = {16384, 24, 1008, 82600};

    @Test
    void laysOutOneHotsThenExactResolutionThenFiveStandardisedSpecs() {
        GpuGeneralisedEncoder enc = GpuGeneralisedEncoder.fit(List.of(SMALL, LARGE), List.of(1, 64));
        assertThat(enc.dimension()).isEqualTo(120 + 2 + 5).isEqualTo(GpuGeneralisedEncoder.DIMENSION);
        Architecture a = SearchSpaces.OFA_W10.sample(new SplittableRandom(3));
        float[] v = enc.encode(a, LARGE, 64);

        int active = 0;
        for (int layer = 0; layer < Architecture.MAX_LAYERS; layer++) {
            float kernels = v[layer * 3] + v[layer * 3 + 1] + v[layer * 3 + 2];
            float expands = v[60 + layer * 3] + v[60 + layer * 3 + 1] + v[60 + layer * 3 + 2];
            assertThat(kernels).isEqualTo(a.isActive(layer) ? 1f : 0f);
            assertThat(expands).isEqualTo(a.isActive(layer) ? 1f : 0f);
            active += a.isActive(layer) ? 1 : 0;
        }
        assertThat(active).isPositive();
        assertThat(v[120]).isCloseTo(a.resolution() / 224f, within(1e-6f));
        assertThat(v[121]).isCloseTo((float) Math.pow(a.resolution() / 224.0, 2), within(1e-6f));
    }

    @Test
    void standardisesLogSpecsAndBatchOverTheTrainingPairs() {
        GpuGeneralisedEncoder enc = GpuGeneralisedEncoder.fit(List.of(SMALL, LARGE), List.of(1, 64));
        Architecture a = SearchSpaces.OFA_W10.sample(new SplittableRandom(4));
        float[] small = enc.encode(a, SMALL, 1);
        float[] large = enc.encode(a, LARGE, 64);
        // Two training pairs: every feature lands at -1 and +1.
        for (int i = 122; i < 127; i++) {
            assertThat(small[i]).isCloseTo(-1f, within(1e-5f));
            assertThat(large[i]).isCloseTo(1f, within(1e-5f));
        }
        HardwareFeatures s = enc.scaling();
        assertThat(s.means()[3]).isCloseTo((Math.log(8100) + Math.log(82600)) / 2, within(1e-9));
        assertThat(s.means()[4]).isCloseTo(Math.log(64) / 2, within(1e-9));
        // A GPU between the two sits between -1 and +1 on the log scale.
        float[] mid = enc.encode(a, new double[] {6000, 20, 600, 30000}, 8);
        for (int i = 122; i < 127; i++) {
            assertThat(mid[i]).isBetween(-1f, 1f);
        }
    }

    @Test
    void refusesQueriesWithoutPeakThroughput() {
        GpuGeneralisedEncoder enc = GpuGeneralisedEncoder.fit(List.of(SMALL, LARGE), List.of(1, 64));
        Architecture a = SearchSpaces.OFA_W10.sample(new SplittableRandom(5));
        assertThatThrownBy(() -> enc.encode(a, new double[] {2560, 16, 320}, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("peak");
    }

    @Test
    void trainerFitsTheScalingOnceFromRowsThatCarrySpecs() {
        LatencySamples.Builder b = LatencySamples.builder();
        SplittableRandom rng = new SplittableRandom(6);
        for (int i = 0; i < 40; i++) {
            Architecture a = SearchSpaces.OFA_W10.sample(rng);
            b.add(a, "small", SMALL, 1, SyntheticLatencies.latencyMs(a));
            b.add(a, "large", LARGE, 64, SyntheticLatencies.latencyMs(a) / 3);
        }
        GpuGeneralisedEncoder enc = (GpuGeneralisedEncoder) Encoders.forTraining(GpuGeneralisedEncoder.ID, b.build());
        assertThat(enc.scaling()).isEqualTo(GpuGeneralisedEncoder.fit(List.of(SMALL, LARGE), List.of(1, 64)).scaling());
    }
}
