package io.latnas.predictor;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * Where a training step's time goes (a main, not a test): the paper's network on 32-row minibatches,
 * stepped by DL4J's {@code fit}, by {@link GradientStep}, and, as the floor, by the step's eight
 * matrix products alone. Prints wall and calling-thread CPU milliseconds per step, best of five rounds.
 *
 * <pre>java -cp ... io.latnas.predictor.StepTiming [threads] [steps] [blas threads]</pre>
 */
public final class StepTiming {

    private StepTiming() {
    }

    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        int blasThreads = args.length > 2 ? Integer.parseInt(args[2]) : threads;
        NativeThreads.use(threads, blasThreads);
        MlpHyperParameters hp = MlpHyperParameters.paper();
        MultiLayerNetwork reference = MlpNetworks.build(128, hp);
        MultiLayerNetwork ours = MlpNetworks.build(128, hp);
        GradientStep step = new GradientStep(ours, MlpNetworks.updater(hp), hp.weightDecay(), 0);
        int rows = hp.batchSize();
        INDArray x = Nd4j.rand(DataType.FLOAT, rows, 128);
        INDArray y = Nd4j.rand(DataType.FLOAT, rows, 1);
        INDArray[] w = {Nd4j.rand(DataType.FLOAT, 128, 400), Nd4j.rand(DataType.FLOAT, 400, 400),
            Nd4j.rand(DataType.FLOAT, 400, 1)};
        INDArray h1 = Nd4j.create(DataType.FLOAT, rows, 400);
        INDArray h2 = Nd4j.create(DataType.FLOAT, rows, 400);
        INDArray out = Nd4j.create(DataType.FLOAT, rows, 1);
        INDArray[] gw = {Nd4j.create(DataType.FLOAT, 128, 400), Nd4j.create(DataType.FLOAT, 400, 400),
            Nd4j.create(DataType.FLOAT, 400, 1)};
        double[][] best = new double[3][2];
        for (double[] b : best) {
            java.util.Arrays.fill(b, Double.MAX_VALUE);
        }
        for (int round = 0; round < 5; round++) {
            time(best[0], steps, () -> reference.fit(x, y));
            int[] iteration = {0};
            time(best[1], steps, () -> step.step(x, y, iteration[0]++, 0));
            time(best[2], steps, () -> {
                Nd4j.gemm(x, w[0], h1, false, false, 1.0, 0.0);
                Nd4j.gemm(h1, w[1], h2, false, false, 1.0, 0.0);
                Nd4j.gemm(h2, w[2], out, false, false, 1.0, 0.0);
                Nd4j.gemm(h2, out, gw[2], true, false, 1.0, 0.0);
                Nd4j.gemm(out, w[2], h2, false, true, 1.0, 0.0);
                Nd4j.gemm(h1, h2, gw[1], true, false, 1.0, 0.0);
                Nd4j.gemm(h2, w[1], h1, false, true, 1.0, 0.0);
                Nd4j.gemm(x, h1, gw[0], true, false, 1.0, 0.0);
            });
        }
        String[] names = {"DL4J fit", "GradientStep", "8 matrix products"};
        for (int i = 0; i < 3; i++) {
            System.out.printf(Locale.ROOT, "threads=%d blas=%d %-18s %.3f ms/step wall, %.3f ms/step thread cpu%n",
                    threads, blasThreads, names[i], best[i][0], best[i][1]);
        }
    }

    private static void time(double[] best, int steps, Runnable r) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu = threads.getCurrentThreadCpuTime();
        long wall = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            r.run();
        }
        best[0] = Math.min(best[0], (System.nanoTime() - wall) / 1e6 / steps);
        best[1] = Math.min(best[1], (threads.getCurrentThreadCpuTime() - cpu) / 1e6 / steps);
    }
}
