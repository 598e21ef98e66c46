package io.latnas.encoding;

import io.latnas.cost.NetworkCostModel;
import io.latnas.space.Architecture;
import io.latnas.space.SearchSpaces;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class CostEncoderTest {

    private static List<Architecture> sample(int n) {
        SplittableRandom rng = new SplittableRandom(7);
        List<Architecture> archs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            archs.add(SearchSpaces.OFA_W10.sample(rng));
        }
        return archs;
    }

    private static CostFeatures fitted(List<Architecture> archs, int batch) {
        int[] batches = new int[archs.size()];
        Arrays.fill(batches, batch);
        return CostFeatures.fit(1.0, archs, batches);
    }

    @Test
    void costLayoutIsNineteenStandardisedFeaturesInNamedOrder() {
        List<Architecture> archs = sample(200);
        CostEncoder enc = CostEncoder.cost(fitted(archs, 64));
        assertThat(enc.id()).isEqualTo("cost");
        assertThat(enc.dimension()).isEqualTo(19).isEqualTo(CostFeatures.NAMES.size());
        assertThat(CostFeatures.NAMES).startsWith("stem-log-macs", "stem-log-bytes", "stage1-log-macs")
                .endsWith("log-macs", "log-bytes", "log-parameters", "resolution", "log-batch");
        // On the rows it was fitted on, each varying feature has mean 0 and deviation 1.
        double[] sum = new double[19];
        double[] squares = new double[19];
        for (Architecture a : archs) {
            float[] v = enc.encode(a, null, 64);
            for (int f = 0; f < 19; f++) {
                sum[f] += v[f];
                squares[f] += v[f] * v[f];
            }
        }
        int logMacs = CostFeatures.NAMES.indexOf("log-macs");
        assertThat(sum[logMacs] / archs.size()).isCloseTo(0, within(1e-4));
        assertThat(squares[logMacs] / archs.size()).isCloseTo(1, within(1e-3));
        // One batch size in training: the batch feature is centred, not divided by a zero spread.
        assertThat(enc.encode(archs.get(0), null, 64)[18]).isCloseTo(0f, within(1e-5f));
    }

    @Test
    void totalMacsFeatureFollowsTheCostModel() {
        List<Architecture> archs = sample(100);
        CostFeatures features = fitted(archs, 1);
        NetworkCostModel model = NetworkCostModel.of(1.0);
        Architecture small = Architecture.uniform(3, 3, 2, 160);
        Architecture large = Architecture.uniform(7, 6, 4, 224);
        double[] raw = new double[CostFeatures.DIMENSION];
        CostFeatures.raw(model, large, 1, raw);
        assertThat(raw[CostFeatures.NAMES.indexOf("log-macs")]).isCloseTo(Math.log1p(model.macs(large)), within(1e-9));
        CostEncoder enc = CostEncoder.cost(features);
        int logMacs = CostFeatures.NAMES.indexOf("log-macs");
        assertThat(enc.encode(large, null, 1)[logMacs]).isGreaterThan(enc.encode(small, null, 1)[logMacs]);
    }

    @Test
    void batchSizeScalesMacsButNotParameters() {
        NetworkCostModel model = NetworkCostModel.of(1.0);
        Architecture a = Architecture.uniform(5, 4, 3, 192);
        double[] one = new double[CostFeatures.DIMENSION];
        double[] many = new double[CostFeatures.DIMENSION];
        CostFeatures.raw(model, a, 1, one);
        CostFeatures.raw(model, a, 64, many);
        int logMacs = CostFeatures.NAMES.indexOf("log-macs");
        int logParameters = CostFeatures.NAMES.indexOf("log-parameters");
        assertThat(many[logMacs] - one[logMacs]).isCloseTo(Math.log(64), within(1e-6));
        assertThat(many[CostFeatures.NAMES.indexOf("log-bytes")]).isGreaterThan(one[CostFeatures.NAMES.indexOf("log-bytes")]);
        assertThat(many[logParameters]).isEqualTo(one[logParameters]);
    }

    @Test
    void paper128AndCostPutsThePaperVectorFirst() {
        List<Architecture> archs = sample(100);
        CostFeatures features = fitted(archs, 32);
        CostEncoder both = CostEncoder.paper128AndCost(features);
        Architecture a = archs.get(3);
        float[] v = both.encode(a, null, 32);
        assertThat(both.id()).isEqualTo("paper128+cost");
        assertThat(v).hasSize(147);
        assertThat(Arrays.copyOf(v, 128)).isEqualTo(new Paper128Encoder().encode(a, null, 32));
        assertThat(Arrays.copyOfRange(v, 128, 147)).isEqualTo(CostEncoder.cost(features).encode(a, null, 32));
    }

    @Test
    void refusesMisshapenScaling() {
        assertThatThrownBy(() -> new CostFeatures(1.0, new double[3], new double[3]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
