package io.latnas.bench;

import io.latnas.predictor.LatencySamples;
import io.latnas.predictor.MlpHyperParameters;
import io.latnas.predictor.MlpLatencyPredictor;
import io.latnas.predictor.MlpLatencyTrainer;
import io.latnas.predictor.NativeThreads;
import io.latnas.space.Architecture;
import io.latnas.space.SearchSpaces;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Wall-clock time of the paper's training run (100 epochs, batch 32) on 7,000 rows: 4,900 train,
 * 1,050 validation, 1,050 test. A single-shot measurement, so a plain main rather than JMH; it runs
 * a short warm-up first and prints the process CPU time beside the wall time, which shows when other
 * processes were competing for the cores.
 *
 * <pre>java -cp ... io.latnas.bench.TrainingSpeed [threads] [rows] [epochs] [repeats] [blas threads]</pre>
 *
 * {@code threads} is ND4J's element-wise OpenMP threads; OpenBLAS gets {@code blas threads}, by default the same.
 */
public final class TrainingSpeed {

    private TrainingSpeed() {
    }

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 7000;
        int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        int repeats = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        int blasThreads = args.length > 4 ? Integer.parseInt(args[4]) : threads;
        NativeThreads.use(threads, blasThreads);
        LatencySamples samples = syntheticSamples(rows, 1);
        new MlpLatencyTrainer("paper128", MlpHyperParameters.paper().withEpochs(2)).train(samples);

        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        MlpHyperParameters hp = MlpHyperParameters.paper().withEpochs(epochs);
        for (int r = 0; r < repeats; r++) {
            String loadBefore = load();
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            MlpLatencyPredictor p = new MlpLatencyTrainer("paper128", hp).train(samples);
            double wall = (System.nanoTime() - t0) / 1e9;
            double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
            System.out.printf(Locale.ROOT, "threads=%d blas=%d rows=%d (train %d) epochs=%d: %.2f s wall, %.1f ms/epoch, "
                            + "process cpu %.2f s; load before %s, after %s; test %s%n",
                    threads, blasThreads, rows, p.provenance().trainRows(), epochs, wall, 1000 * wall / epochs, cpu, loadBefore, load(),
                    p.evaluation().summary());
        }
    }

    /** Random OFA subnets with a latency that sums k²- and e-dependent costs over the active layers. */
    static LatencySamples syntheticSamples(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<Architecture> archs = new ArrayList<>(n);
        double[] ms = new double[n];
        for (int i = 0; i < n; i++) {
            Architecture a = SearchSpaces.OFA_W10.sample(rng);
            archs.add(a);
            double scale = Math.pow(a.resolution() / 160.0, 2);
            double sum = 2;
            for (int layer = 0; layer < Architecture.MAX_LAYERS; layer++) {
                if (a.isActive(layer)) {
                    int k = a.kernelSize(layer);
                    sum += (0.012 * k * k + 0.09 * a.expandRatio(layer)) * scale * (1 + 0.1 * (layer / 4));
                }
            }
            ms[i] = sum * (1 + 0.01 * (rng.nextDouble() - 0.5));
        }
        return LatencySamples.of(archs, "synthetic", 1, ms);
    }

    private static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0];
        } catch (Exception e) {
            return "?";
        }
    }
}
