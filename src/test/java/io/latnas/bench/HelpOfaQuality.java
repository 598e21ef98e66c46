package io.latnas.bench;

import io.latnas.predictor.HelpOfaData;
import io.latnas.predictor.LatencySamples;
import io.latnas.predictor.MlpHyperParameters;
import io.latnas.predictor.MlpLatencyPredictor;
import io.latnas.predictor.MlpLatencyTrainer;
import io.latnas.predictor.NativeThreads;
import io.latnas.predictor.PredictorPlots;
import io.latnas.predictor.SampleSplit;
import io.latnas.predictor.TargetNormaliser;

/**
 * Quality check on measured data (not a unit test; it takes a minute): the paper's MLP trained on
 * help-ofa rows 0..3999 of one column (85/15 train/validation) and tested on rows 4000..4999, once
 * with plainly standardised and once with log-standardised targets. Writes the loss curve and the
 * predicted-vs-measured scatter of each run to {@code target/plots/}.
 *
 * <pre>java -cp ... io.latnas.bench.HelpOfaQuality [column] [threads] [learning rates...]</pre>
 */
public final class HelpOfaQuality {

    private HelpOfaQuality() {
    }

    public static void main(String[] args) throws java.io.IOException {
        String column = args.length > 0 ? args[0] : "2080ti_64_ms";
        NativeThreads.use(args.length > 1 ? Integer.parseInt(args[1]) : 2);
        if (!HelpOfaData.available()) {
            System.out.println("no help-ofa data at " + HelpOfaData.file());
            return;
        }
        LatencySamples first = HelpOfaData.rows(column, 0, 3999).orElseThrow();
        LatencySamples test = HelpOfaData.rows(column, 4000, 4999).orElseThrow();
        SampleSplit split = SampleSplit.withHeldOutTest(first, test, 0.85, 42);
        double[] rates = args.length > 2
                ? java.util.Arrays.stream(args, 2, args.length).mapToDouble(Double::parseDouble).toArray()
                : new double[] {MlpHyperParameters.paper().learningRate()};
        System.out.printf("%s: train %d, validation %d, test %d%n", column, split.train().size(),
                split.validation().size(), split.test().size());
        for (double rate : rates) {
            for (TargetNormaliser.Scale scale : TargetNormaliser.Scale.values()) {
                MlpHyperParameters hp = MlpHyperParameters.paper().withLearningRate(rate).withTargetScale(scale);
                long start = System.nanoTime();
                MlpLatencyPredictor p = new MlpLatencyTrainer("paper128", hp).train(split);
                System.out.printf("lr=%s %-12s %5.1f s  best epoch %3d  %s%n", rate, scale,
                        (System.nanoTime() - start) / 1e9, p.lossCurve().bestEpoch(), p.evaluation().summary());
                String name = column + "-lr" + rate + "-" + scale.name().toLowerCase(java.util.Locale.ROOT);
                java.nio.file.Path plots = java.nio.file.Path.of("target", "plots");
                PredictorPlots.lossCurve(p.lossCurve(), name, plots.resolve(name + "-loss.png"));
                PredictorPlots.predictedVsMeasured(test.latenciesMs(), p.predictMs(test), name,
                        plots.resolve(name + "-scatter.png"));
            }
        }
    }
}
