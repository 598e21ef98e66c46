package io.latnas.bench;

import io.latnas.predictor.HelpOfaData;
import io.latnas.predictor.LatencySamples;
import io.latnas.predictor.MlpHyperParameters;
import io.latnas.predictor.MlpLatencyPredictor;
import io.latnas.predictor.MlpLatencyTrainer;
import io.latnas.predictor.NativeThreads;
import io.latnas.predictor.SampleSplit;

/**
 * Fine-tuning on measured data (paper §4.2.3 and §5.2; a main, it takes minutes): a base predictor
 * trained on one help-ofa column (rows 0..3999), fine-tuned with its first two layers frozen on 700
 * rows of another column, against a predictor trained from scratch on the same 700 rows and against
 * the base used as it is. All are tested on rows 4000..4999 of the target column.
 *
 * <pre>java -cp ... io.latnas.bench.HelpOfaFineTune [base column] [target column] [threads]</pre>
 */
public final class HelpOfaFineTune {

    private HelpOfaFineTune() {
    }

    public static void main(String[] args) {
        String baseColumn = args.length > 0 ? args[0] : "2080ti_64_ms";
        String targetColumn = args.length > 1 ? args[1] : "v100_64_ms";
        NativeThreads.use(args.length > 2 ? Integer.parseInt(args[2]) : 1);
        if (!HelpOfaData.available()) {
            System.out.println("no help-ofa data at " + HelpOfaData.file());
            return;
        }
        MlpHyperParameters hp = MlpHyperParameters.paper();
        LatencySamples targetTest = HelpOfaData.rows(targetColumn, 4000, 4999).orElseThrow();
        SampleSplit baseSplit = SampleSplit.withHeldOutTest(HelpOfaData.rows(baseColumn, 0, 3999).orElseThrow(),
                HelpOfaData.rows(baseColumn, 4000, 4999).orElseThrow(), 0.85, hp.seed());
        MlpLatencyPredictor base = new MlpLatencyTrainer("paper128", hp).train(baseSplit);
        System.out.println("base on " + baseColumn + ":        " + base.evaluation().summary());
        System.out.println("base as is on " + targetColumn + ": " + base.evaluate(targetTest).summary());

        // 700 target rows (paper §4.2.3), split 85/15 into training and validation.
        SampleSplit few = SampleSplit.withHeldOutTest(HelpOfaData.rows(targetColumn, 0, 699).orElseThrow(), targetTest,
                0.85, hp.seed());
        long start = System.nanoTime();
        MlpLatencyPredictor tuned = MlpLatencyTrainer.fineTune(base, few, hp, MlpLatencyTrainer.PAPER_FROZEN_LAYERS);
        double tuneSeconds = (System.nanoTime() - start) / 1e9;
        MlpLatencyPredictor scratch = new MlpLatencyTrainer("paper128", hp).train(few);
        System.out.printf("fine-tuned (%.1f s):     %s%n", tuneSeconds, tuned.evaluation().summary());
        System.out.println("from scratch on 700: " + scratch.evaluation().summary());
    }
}
