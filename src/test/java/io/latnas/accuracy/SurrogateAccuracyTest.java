package io.latnas.accuracy;

import io.latnas.space.Architecture;
import io.latnas.space.SearchSpace;
import io.latnas.space.SearchSpaces;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SurrogateAccuracyTest {

    private static final int SAMPLES = 300;

    @Test
    void saysItIsASurrogate() {
        SurrogateAccuracy surrogate = SurrogateAccuracy.forSpace(SearchSpaces.OFA_W12);
        assertThat(surrogate.isSurrogate()).isTrue();
        assertThat(surrogate.id()).isEqualTo("surrogate-ofa-mbv3-top1").contains("surrogate");
        assertThat(surrogate.toString()).contains("surrogate");
    }

    @Test
    void macsCurvePassesThroughOfaPublishedSubnets() {
        // OFA model zoo: flops@595M_top1@80.0, flops@482M_top1@79.6, flops@389M_top1@79.1 (finetune@75);
        // OFA paper Table 1: 230M MACs, 76.9 after 75 epochs of fine-tuning.
        assertThat(SurrogateAccuracy.macsCurve(595e6)).isCloseTo(80.0, within(0.05));
        assertThat(SurrogateAccuracy.macsCurve(482e6)).isCloseTo(79.6, within(0.05));
        assertThat(SurrogateAccuracy.macsCurve(389e6)).isCloseTo(79.1, within(0.05));
        assertThat(SurrogateAccuracy.macsCurve(230e6)).isCloseTo(76.9, within(0.05));
    }

    @Test
    void macsCurveRisesAndLevelsOff() {
        double previous = Double.NEGATIVE_INFINITY;
        for (double mmacs = 20; mmacs <= 2000; mmacs *= 1.1) {
            double top1 = SurrogateAccuracy.macsCurve(mmacs * 1e6);
            assertThat(top1).isGreaterThan(previous).isLessThan(SurrogateAccuracy.ASYMPTOTE);
            previous = top1;
        }
    }

    @Test
    void staysInAPlausibleRangeOverEverySpace() {
        for (SearchSpace space : SearchSpaces.all()) {
            SurrogateAccuracy surrogate = SurrogateAccuracy.forSpace(space);
            SplittableRandom rng = new SplittableRandom(1);
            for (int i = 0; i < SAMPLES; i++) {
                assertThat(surrogate.top1(space.sample(rng))).as("%s", space).isBetween(65.0, 81.5);
            }
        }
    }

    @Test
    void neverFallsWhenAnyGeneGrows() {
        for (SearchSpace space : List.of(SearchSpaces.OFA_W10, SearchSpaces.OFA_W12)) {
            SurrogateAccuracy surrogate = SurrogateAccuracy.forSpace(space);
            SplittableRandom rng = new SplittableRandom(2);
            for (int i = 0; i < SAMPLES; i++) {
                Architecture a = space.sample(rng);
                double base = surrogate.top1(a);
                for (Architecture grown : grownByOneGene(a, space)) {
                    assertThat(surrogate.top1(grown)).as("%s -> %s", a, grown).isGreaterThanOrEqualTo(base);
                }
            }
        }
    }

    @Test
    void neverFallsWhenACompoundStageDeepens() {
        SearchSpace space = SearchSpaces.COMPOFA_ELASTIC;
        SurrogateAccuracy surrogate = SurrogateAccuracy.forSpace(space);
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < SAMPLES; i++) {
            Architecture a = space.sample(rng);
            for (int stage = 0; stage < Architecture.STAGES; stage++) {
                if (a.depth(stage) == 4) {
                    continue;
                }
                int[] ks = a.kernelSizes();
                int[] e = a.expandRatios();
                int[] d = a.depths();
                d[stage]++;
                int firstLayer = stage * Architecture.MAX_DEPTH;
                for (int layer = firstLayer; layer < firstLayer + d[stage]; layer++) {
                    ks[layer] = ks[layer] == 0 ? 3 : ks[layer];
                    e[layer] = space.coupledExpandRatio(d[stage]);
                }
                Architecture deeper = space.architecture(ks, e, d, a.resolution());
                assertThat(surrogate.top1(deeper)).isGreaterThanOrEqualTo(surrogate.top1(a));
            }
        }
    }

    @Test
    void atEqualShapeAHigherResolutionGainsMoreThanWiderExpandRatios() {
        SurrogateAccuracy surrogate = SurrogateAccuracy.forSpace(SearchSpaces.OFA_W10);
        Architecture base = uniform(5, 4, 3, 176);
        assertThat(surrogate.top1(base.withResolution(224)) - surrogate.top1(base))
                .isGreaterThan(surrogate.top1(uniform(5, 6, 3, 176)) - surrogate.top1(base));
    }

    @Test
    void batchAnswersInOrder() {
        SurrogateAccuracy surrogate = SurrogateAccuracy.forSpace(SearchSpaces.OFA_W10);
        Architecture small = uniform(3, 3, 2, 128);
        Architecture large = uniform(7, 6, 4, 224);
        double[] both = surrogate.accuracy(List.of(large, small));
        assertThat(both).containsExactly(surrogate.top1(large), surrogate.top1(small));
        assertThat(both[0]).isGreaterThan(both[1]);
    }

    private static Architecture uniform(int k, int e, int d, int r) {
        int[] ks = new int[Architecture.MAX_LAYERS];
        int[] es = new int[Architecture.MAX_LAYERS];
        int[] ds = new int[Architecture.STAGES];
        Arrays.fill(ks, k);
        Arrays.fill(es, e);
        Arrays.fill(ds, d);
        return Architecture.of(ks, es, ds, r);
    }

    /** Every architecture one step up in one gene: a layer's kernel or expand ratio, a stage's depth, the resolution. */
    private static List<Architecture> grownByOneGene(Architecture a, SearchSpace space) {
        List<Architecture> out = new java.util.ArrayList<>();
        int[] kernels = space.kernelSizes();
        int[] expands = space.expandRatios();
        int[] resolutions = space.resolutions();
        for (int layer = 0; layer < Architecture.MAX_LAYERS; layer++) {
            if (!a.isActive(layer)) {
                continue;
            }
            int k = next(kernels, a.kernelSize(layer));
            if (k > 0) {
                int[] ks = a.kernelSizes();
                ks[layer] = k;
                out.add(space.architecture(ks, a.expandRatios(), a.depths(), a.resolution()));
            }
            int e = next(expands, a.expandRatio(layer));
            if (e > 0) {
                int[] es = a.expandRatios();
                es[layer] = e;
                out.add(space.architecture(a.kernelSizes(), es, a.depths(), a.resolution()));
            }
        }
        for (int stage = 0; stage < Architecture.STAGES; stage++) {
            if (a.depth(stage) < 4) {
                int[] d = a.depths();
                d[stage]++;
                int[] ks = a.kernelSizes();
                int[] es = a.expandRatios();
                int layer = stage * Architecture.MAX_DEPTH + a.depth(stage);
                ks[layer] = kernels[0];
                es[layer] = expands[0];
                out.add(space.architecture(ks, es, d, a.resolution()));
            }
        }
        int r = next(resolutions, a.resolution());
        if (r > 0) {
            out.add(a.withResolution(r));
        }
        return out;
    }

    private static int next(int[] sorted, int value) {
        for (int v : sorted) {
            if (v > value) {
                return v;
            }
        }
        return 0;
    }
}
