package io.latnas.cli;

import io.latnas.common.InvalidInputException;
import io.latnas.dataset.LatencyDataset;
import io.latnas.predictor.DatasetSamples;
import io.latnas.predictor.LatencySamples;
import io.latnas.predictor.MlpHyperParameters;
import io.latnas.predictor.MlpLatencyPredictor;
import io.latnas.predictor.MlpLatencyTrainer;
import io.latnas.predictor.SampleSplit;
import io.latnas.space.SearchSpace;
import io.latnas.space.SearchSpaces;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * {@code latnas finetune}: a trained predictor adapted to another target from a few measured rows,
 * its first two layers frozen (paper §4.2.3).
 */
@Command(name = "finetune", mixinStandardHelpOptions = true,
        description = "Fine-tune a saved predictor on a few rows of another target (first two layers frozen).")
final class FinetuneCommand implements Callable<Integer> {

    /** Of the N drawn rows this share trains, the rest is the validation set that picks the best epoch. */
    private static final double TRAIN_FRACTION = 0.85;

    @Spec
    CommandSpec spec;

    @Option(names = "--base", required = true, description = "Predictor file to start from.")
    Path base;

    @Option(names = "--data", required = true, description = "Dataset CSV of the new target.")
    Path data;

    @Option(names = "--space", required = true, description = "Search space id the architectures belong to.")
    String space;

    @Option(names = "--hardware", description = "The new target's hardware id (needed when the file holds several).")
    String hardware;

    @Option(names = "--batch", description = "The new target's batch size (needed when the file holds several).")
    Integer batch;

    @Option(names = "--samples", required = true, description = "How many measured rows of the new target to use.")
    int samples;

    @Option(names = "--epochs", defaultValue = "100", description = "Epochs (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--seed", defaultValue = "42", description = "Seed for drawing the rows and training (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, description = "Predictor file to write (.zip); must not exist yet.")
    Path out;

    @Override
    public Integer call() throws IOException {
        CliChecks.positive("--samples", samples);
        CliChecks.positive("--epochs", epochs);
        SearchSpace s = SearchSpaces.byId(space);
        CliFiles.refuseExisting("--out", out);
        MlpLatencyPredictor basePredictor = MlpLatencyPredictor.load(base);
        boolean usesHardware = basePredictor.encoder().usesHardware();
        LatencyDataset ds = PredictorData.read(data, s, hardware, batch, usesHardware);
        if (ds.size() < samples + 1) {
            throw new InvalidInputException("--samples", data + " has " + ds.size() + " rows for the target; "
                    + samples + " for fine-tuning leave none to test on");
        }
        PredictorData.requireSpace(basePredictor, s);
        Function<String, double[]> features = PredictorData.features(usesHardware);
        LatencySamples all = DatasetSamples.of(ds, features);
        // The N rows come from a seeded shuffle; every other row of the file is the test set.
        int[] order = new int[all.size()];
        Arrays.setAll(order, i -> i);
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = order.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        LatencySamples drawn = all.select(Arrays.copyOfRange(order, 0, samples));
        LatencySamples test = all.select(Arrays.copyOfRange(order, samples, order.length));
        SampleSplit split = SampleSplit.withHeldOutTest(drawn, test, TRAIN_FRACTION, seed);
        MlpHyperParameters hp = basePredictor.provenance().hyperParameters().withEpochs(epochs).withSeed(seed);
        MlpLatencyPredictor p = MlpLatencyTrainer.fineTune(basePredictor, split, hp, MlpLatencyTrainer.PAPER_FROZEN_LAYERS);
        PrintWriter o = spec.commandLine().getOut();
        o.printf("fine-tuned %s on %d rows (train %d, validation %d) of %s, first %d layers frozen%n", basePredictor.id(),
                drawn.size(), split.train().size(), split.validation().size(), drawn.hardwareIdSet(),
                MlpLatencyTrainer.PAPER_FROZEN_LAYERS);
        PredictorReport.printEvaluation(o, "base on the test rows", basePredictor.evaluate(split.test()));
        PredictorReport.printEvaluation(o, "fine-tuned on the test rows", p.evaluation());
        p.save(out);
        o.printf("saved %s to %s%n", p.id(), out);
        o.flush();
        return 0;
    }
}
