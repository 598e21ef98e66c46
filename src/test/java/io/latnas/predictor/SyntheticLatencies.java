package io.latnas.predictor;

import io.latnas.space.Architecture;
import io.latnas.space.SearchSpaces;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * A latency function of the architecture for tests: every active layer costs in proportion to
 * k² (depthwise conv) and e (pointwise convs), scaled by its stage's cost and by the square of the
 * resolution, plus a fixed overhead and 1% multiplicative noise.
 */
final class SyntheticLatencies {

    /** Deeper stages have fewer pixels but more channels; these per-stage weights make them differ. */
    private static final double[] STAGE_COST = {1.0, 0.7, 0.9, 1.4, 1.1};

    private SyntheticLatencies() {
    }

    static double latencyMs(Architecture a) {
        double scale = Math.pow(a.resolution() / 160.0, 2);
        double sum = 2.0;
        for (int layer = 0; layer < Architecture.MAX_LAYERS; layer++) {
            if (a.isActive(layer)) {
                int k = a.kernelSize(layer);
                int e = a.expandRatio(layer);
                sum += STAGE_COST[layer / Architecture.MAX_DEPTH] * (0.012 * k * k + 0.09 * e) * scale;
            }
        }
        return sum;
    }

    static List<Architecture> architectures(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<Architecture> archs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            archs.add(SearchSpaces.OFA_W10.sample(rng));
        }
        return archs;
    }

    /** {@code n} random OFA subnets on hardware {@code synthetic} at batch 1, latencies from {@link #latencyMs}. */
    static LatencySamples samples(int n, long seed) {
        return samples(n, seed, SyntheticLatencies::latencyMs);
    }

    static LatencySamples samples(int n, long seed, ToDoubleFunction<Architecture> latency) {
        List<Architecture> archs = architectures(n, seed);
        SplittableRandom noise = new SplittableRandom(seed ^ 0x5DEECE66DL);
        double[] ms = new double[n];
        for (int i = 0; i < n; i++) {
            ms[i] = latency.applyAsDouble(archs.get(i)) * (1 + 0.01 * gaussian(noise));
        }
        return LatencySamples.of(archs, "synthetic", 1, ms);
    }

    private static double gaussian(SplittableRandom rng) {
        return Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
    }
}
