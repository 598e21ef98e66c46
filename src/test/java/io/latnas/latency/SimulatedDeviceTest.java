package io.latnas.latency;

import com.typesafe.config.ConfigFactory;
import io.latnas.common.InvalidInputException;
import io.latnas.cost.NetworkCostModel;
import io.latnas.hardware.HardwareCatalog;
import io.latnas.hardware.HardwareProfile;
import io.latnas.space.Architecture;
import io.latnas.space.ArchitectureCodec;
import io.latnas.space.SearchSpace;
import io.latnas.space.SearchSpaces;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class SimulatedDeviceTest {

    private static final SearchSpace OFA = SearchSpaces.OFA_W10;
    private static final List<String> DEVICES = List.of("rtx2080ti", "p40", "titanxp", "h200", "t4",
            "jetson-agx-xavier", "note10", "xeon-gold-6148");

    private static HardwareCatalog catalog;
    private static SimulationSettings exact;
    private static SimulationSettings noisy;

    @BeforeAll
    static void load() {
        catalog = HardwareCatalog.fromConfig(ConfigFactory.load());
        SimulationSettings settings = SimulationSettings.fromConfig(
                ConfigFactory.parseResources("simulation.conf").atPath(SimulationSettings.CONFIG_PATH));
        exact = settings.withNoise(0, 1);
        noisy = settings.withNoise(0.05, 42);
    }

    private static SimulatedDevice device(String id, SimulationSettings settings) {
        return SimulatedDevice.forSpace(catalog.byId(id), OFA, settings);
    }

    private static Architecture uniform(int k, int e, int d, int r) {
        return Architecture.uniform(k, e, d, r);
    }

    private static final Architecture SMALLEST = uniform(3, 3, 2, 128);
    private static final Architecture LARGEST = uniform(7, 6, 4, 224);

    /** The gene-wise maximum of two subnets: at least as deep, wide, large-kerneled and high-resolution as both. */
    private static Architecture dominating(Architecture a, Architecture b) {
        int[] ks = new int[Architecture.MAX_LAYERS];
        int[] es = new int[Architecture.MAX_LAYERS];
        int[] ds = new int[Architecture.STAGES];
        for (int s = 0; s < Architecture.STAGES; s++) {
            ds[s] = Math.max(a.depth(s), b.depth(s));
        }
        for (int i = 0; i < Architecture.MAX_LAYERS; i++) {
            ks[i] = Math.max(a.kernelSize(i), b.kernelSize(i));
            es[i] = Math.max(a.expandRatio(i), b.expandRatio(i));
        }
        return OFA.architecture(ks, es, ds, Math.max(a.resolution(), b.resolution()));
    }

    /** {@code arch} with one gene grown a step: a stage one layer deeper, a kernel or expand ratio larger, or r + 4. */
    private static Architecture grownOneStep(Architecture arch, SplittableRandom rng) {
        int[] ks = arch.kernelSizes();
        int[] es = arch.expandRatios();
        int[] ds = arch.depths();
        int r = arch.resolution();
        int stage = rng.nextInt(Architecture.STAGES);
        int layer = stage * Architecture.MAX_DEPTH + rng.nextInt(ds[stage]);
        switch (rng.nextInt(4)) {
            case 0 -> {
                if (ds[stage] < Architecture.MAX_DEPTH) {
                    int added = stage * Architecture.MAX_DEPTH + ds[stage];
                    ds[stage]++;
                    ks[added] = 3;
                    es[added] = 3;
                }
            }
            case 1 -> ks[layer] = Math.min(7, ks[layer] + 2);
            case 2 -> es[layer] = es[layer] == 3 ? 4 : 6;
            default -> r = Math.min(224, r + 4);
        }
        return OFA.architecture(ks, es, ds, r);
    }

    @Test
    void biggerSubnetsAreNeverFaster() {
        SplittableRandom rng = new SplittableRandom(7);
        for (String id : DEVICES) {
            SimulatedDevice device = device(id, exact);
            for (int i = 0; i < 150; i++) {
                Architecture a = OFA.sample(rng);
                Architecture b = OFA.sample(rng);
                Architecture both = dominating(a, b);
                Architecture grown = grownOneStep(a, rng);
                for (int batch : new int[] {1, 64}) {
                    double latencyA = device.latencyMs(a, batch);
                    double latencyBoth = device.latencyMs(both, batch);
                    assertThat(latencyBoth).as("%s b%d: %s vs %s", id, batch, both, a)
                            .isGreaterThanOrEqualTo(latencyA);
                    assertThat(latencyBoth).as("%s b%d: %s vs %s", id, batch, both, b)
                            .isGreaterThanOrEqualTo(device.latencyMs(b, batch));
                    assertThat(device.latencyMs(grown, batch)).as("%s b%d: %s vs %s", id, batch, grown, a)
                            .isGreaterThanOrEqualTo(latencyA);
                }
            }
        }
    }

    @Test
    void largerBatchTakesLongerButLessPerImageOnGpus() {
        for (HardwareProfile hardware : catalog.all()) {
            SimulatedDevice device = SimulatedDevice.forSpace(hardware, OFA, exact);
            for (Architecture arch : List.of(SMALLEST, LARGEST)) {
                double one = device.latencyMs(arch, 1);
                double sixtyFour = device.latencyMs(arch, 64);
                assertThat(sixtyFour).as(hardware.id()).isGreaterThan(one);
                if (hardware.isGpu()) {
                    assertThat(sixtyFour / 64).as(hardware.id() + " per image").isLessThan(one);
                }
            }
        }
    }

    @Test
    void strongerGpusAreFaster() {
        SplittableRandom rng = new SplittableRandom(11);
        List<Architecture> archs = new ArrayList<>(List.of(SMALLEST, LARGEST));
        for (int i = 0; i < 20; i++) {
            archs.add(OFA.sample(rng));
        }
        String[][] pairs = {{"v100", "p40"}, {"h200", "rtx2080ti"}, {"a100-80gb", "t4"}, {"rtx4090", "rtx4060"},
                {"rtx2080ti", "jetson-agx-xavier"}};
        for (String[] pair : pairs) {
            SimulatedDevice strong = device(pair[0], exact);
            SimulatedDevice weak = device(pair[1], exact);
            for (Architecture arch : archs) {
                for (int batch : new int[] {1, 32, 64}) {
                    assertThat(strong.latencyMs(arch, batch)).as("%s vs %s at batch %d", pair[0], pair[1], batch)
                            .isLessThan(weak.latencyMs(arch, batch));
                }
            }
        }
        // At batch 64 the gap is large, not a rounding difference.
        assertThat(device("p40", exact).latencyMs(LARGEST, 64))
                .isGreaterThan(1.5 * device("v100", exact).latencyMs(LARGEST, 64));
    }

    @Test
    void sameSeedGivesSameNumbersAndAnotherSeedOthers() {
        SimulatedDevice first = device("rtx2080ti", noisy);
        SimulatedDevice second = device("rtx2080ti", noisy);
        SimulatedDevice otherSeed = device("rtx2080ti", noisy.withNoise(noisy.noiseSigma(), 43));
        SplittableRandom rng = new SplittableRandom(3);
        int differing = 0;
        for (int i = 0; i < 50; i++) {
            Architecture arch = OFA.sample(rng);
            double a = first.latencyMs(arch, 32);
            assertThat(second.latencyMs(arch, 32)).isEqualTo(a);
            if (otherSeed.latencyMs(arch, 32) != a) {
                differing++;
            }
        }
        assertThat(differing).isEqualTo(50);
    }

    @Test
    void noiseDependsOnTheArchitectureNotOnCallOrder() {
        SimulatedDevice forward = device("rtx2080ti", noisy);
        SimulatedDevice backward = device("rtx2080ti", noisy);
        SplittableRandom rng = new SplittableRandom(8);
        java.util.List<Architecture> archs = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            archs.add(OFA.sample(rng));
        }
        double[] a = new double[archs.size()];
        for (int i = 0; i < archs.size(); i++) {
            a[i] = forward.latencyMs(archs.get(i), 1);
        }
        for (int i = archs.size() - 1; i >= 0; i--) {
            assertThat(backward.latencyMs(archs.get(i), 1)).isEqualTo(a[i]);
        }
        Architecture arch = archs.get(0);
        assertThat(forward.latencyMs(arch, 1, 1)).isNotEqualTo(forward.latencyMs(arch, 1, 0));
        assertThat(forward.latencyMs(arch, 1, 0)).isEqualTo(a[0]);
    }

    @Test
    void noiseIsMultiplicativeWithTheConfiguredSpread() {
        SimulatedDevice device = device("v100", noisy);
        Architecture arch = OFA.sample(new SplittableRandom(5));
        double truth = device.exactLatencyMs(arch, 1);
        int n = 4000;
        double sum = 0;
        double sumSquares = 0;
        for (int i = 0; i < n; i++) {
            double log = Math.log(device.latencyMs(arch, 1, i) / truth);
            sum += log;
            sumSquares += log * log;
        }
        double mean = sum / n;
        double sigma = Math.sqrt(sumSquares / n - mean * mean);
        assertThat(mean).isCloseTo(0, within(0.005));
        assertThat(sigma).isCloseTo(0.05, within(0.005));
    }

    @Test
    void zeroSigmaGivesTheExactModelEveryTime() {
        SimulatedDevice device = device("p40", exact);
        Architecture arch = OFA.sample(new SplittableRandom(9));
        double first = device.latencyMs(arch, 64);
        assertThat(first).isEqualTo(device.exactLatencyMs(arch, 64));
        for (int i = 0; i < 10; i++) {
            assertThat(device.latencyMs(arch, 64)).isEqualTo(first);
        }
    }

    @Test
    void cachedBlocksAddUpToTheLayerSum() {
        SplittableRandom rng = new SplittableRandom(13);
        for (String id : List.of("rtx2080ti", "note10", "xeon-gold-6148")) {
            for (SearchSpace space : List.of(SearchSpaces.OFA_W10, SearchSpaces.OFA_W12)) {
                SimulatedDevice device = SimulatedDevice.forSpace(catalog.byId(id), space, exact);
                for (int i = 0; i < 30; i++) {
                    Architecture arch = space.sample(rng);
                    int batch = 1 + rng.nextInt(64);
                    double layerSum = device.uncachedLatencyMs(arch, batch);
                    assertThat(device.exactLatencyMs(arch, batch)).isCloseTo(layerSum, within(1e-9 * layerSum));
                }
            }
        }
    }

    @Test
    void concurrentCallersSeeTheSameNumbers() throws Exception {
        SimulatedDevice device = device("a10", exact);
        SplittableRandom rng = new SplittableRandom(17);
        List<Architecture> archs = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            archs.add(OFA.sample(rng));
        }
        double[] sequential = SimulatedDevice.forSpace(catalog.byId("a10"), OFA, exact).latenciesMs(archs, 8);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<double[]>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> device.latenciesMs(archs, 8)));
            }
            for (Future<double[]> result : results) {
                assertThat(result.get()).containsExactly(sequential);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void magnitudesArePlausible() {
        SimulatedDevice rtx = device("rtx2080ti", exact);
        // help-ofa's RTX 2080 Ti: 7.4 to 28 ms at batch 1, median 11.6 ms.
        assertThat(rtx.latencyMs(SMALLEST, 1)).isBetween(5.0, 12.0);
        assertThat(rtx.latencyMs(LARGEST, 1)).isBetween(10.0, 25.0);
        SimulatedDevice note10 = SimulatedDevice.forSpace(catalog.byId("note10"), SearchSpaces.OFA_W12, exact);
        // OFA's Note 10 table: about 15 to 55 ms for width-1.2 subnets at 160..224.
        assertThat(note10.latencyMs(uniform(3, 3, 2, 160), 1)).isBetween(8.0, 25.0);
        assertThat(note10.latencyMs(uniform(7, 6, 4, 224), 1)).isBetween(40.0, 200.0);
        SimulatedDevice xeon = device("xeon-gold-6148", exact);
        assertThat(xeon.latencyMs(SMALLEST, 1)).isBetween(2.0, 50.0);
        assertThat(xeon.latencyMs(LARGEST, 1)).isBetween(20.0, 500.0);
    }

    @Test
    void tracksHelpOfaMeasurementsOnTheRtx2080Ti() throws IOException {
        HardwareProfile rtx = catalog.byId("rtx2080ti");
        Path csv = rtx.replay().orElseThrow().file();
        assumeTrue(Files.isRegularFile(csv), "help-ofa data not present at " + csv);
        List<String> lines = Files.readAllLines(csv);
        SimulatedDevice device = SimulatedDevice.forSpace(rtx, OFA, exact);
        int n = Math.min(1000, lines.size() - 1);
        double[] simulated1 = new double[n];
        double[] measured1 = new double[n];
        double[] simulated64 = new double[n];
        double[] measured64 = new double[n];
        for (int i = 0; i < n; i++) {
            String[] f = lines.get(i + 1).split(",");
            Architecture arch = ArchitectureCodec.fromCsvFields(f[1], f[2], f[3], f[4], OFA);
            simulated1[i] = device.latencyMs(arch, 1);
            measured1[i] = Double.parseDouble(f[5]);
            simulated64[i] = device.latencyMs(arch, 64);
            measured64[i] = Double.parseDouble(f[7]);
        }
        assertThat(median(simulated1)).isCloseTo(median(measured1), within(3.0));
        assertThat(median(simulated64)).isCloseTo(median(measured64), within(8.0));
        assertThat(spearman(simulated1, measured1)).isGreaterThan(0.6);
        assertThat(spearman(simulated64, measured64)).isGreaterThan(0.9);
    }

    @Test
    void reportsItsHardwareAndKind() {
        SimulatedDevice device = device("titanxp", noisy);
        assertThat(device.hardwareId()).isEqualTo("titanxp");
        assertThat(device.kind()).isEqualTo("simulated");
        assertThat(device.widthMultiplier()).isEqualTo(1.0);
        assertThat(new SimulatedDevice(catalog.byId("note10"), NetworkCostModel.of(1.2), exact).widthMultiplier())
                .isEqualTo(1.2);
    }

    @Test
    void rejectsNonPositiveBatch() {
        assertThatThrownBy(() -> device("v100", exact).latencyMs(SMALLEST, 0))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("batch size must be at least 1, got 0");
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double spearman(double[] x, double[] y) {
        double[] rx = ranks(x);
        double[] ry = ranks(y);
        double mean = (x.length - 1) / 2.0;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (rx[i] - mean) * (ry[i] - mean);
            sxx += (rx[i] - mean) * (rx[i] - mean);
            syy += (ry[i] - mean) * (ry[i] - mean);
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    private static double[] ranks(double[] values) {
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
        double[] ranks = new double[values.length];
        for (int i = 0; i < order.length; i++) {
            ranks[order[i]] = i;
        }
        return ranks;
    }
}
