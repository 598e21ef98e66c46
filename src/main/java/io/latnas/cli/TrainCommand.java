package io.latnas.cli;

import io.latnas.dataset.LatencyDataset;
import io.latnas.encoding.ArchitectureEncoder;
import io.latnas.encoding.Paper131Encoder;
import io.latnas.predictor.Encoders;
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
import java.util.concurrent.Callable;

/** {@code latnas train}: the paper's MLP latency predictor (§4.2) trained on a dataset CSV. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train an MLP latency predictor on a dataset CSV, print its test evaluation and save it.")
final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, description = "Dataset CSV (wide help-ofa or long layout).")
    Path data;

    @Option(names = "--space", required = true, description = "Search space id the architectures belong to.")
    String space;

    @Option(names = "--hardware", description = "Train on this hardware id only (needed when the file holds several).")
    String hardware;

    @Option(names = "--batch", description = "Train on this batch size only (needed when the file holds several).")
    Integer batch;

    @Option(names = "--encoder", defaultValue = "paper128",
            description = "Encoder id: paper128, paper128+res, cost, paper128+cost or paper131 (default ${DEFAULT-VALUE}).")
    String encoder;

    @Option(names = "--epochs", defaultValue = "100", description = "Epochs (default ${DEFAULT-VALUE}, the paper's).")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "32", description = "Minibatch size (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--lr", description = "Learning rate (default the paper MLP's).")
    Double learningRate;

    @Option(names = "--weight-decay", description = "L2 weight decay (default the paper MLP's).")
    Double weightDecay;

    @Option(names = "--momentum", description = "Nesterov momentum (default the paper MLP's).")
    Double momentum;

    @Option(names = "--patience", defaultValue = "0",
            description = "Stop after this many epochs without a better validation loss; 0 trains every epoch (default ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--seed", defaultValue = "42", description = "Seed for the split, initialisation and shuffling (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--split", defaultValue = "random",
            description = "random (70/15/15 by architecture) or help-ofa (ids 0-3999 split 85/15, test 4000-4999) (default ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--out", required = true, description = "Predictor file to write (.zip); must not exist yet.")
    Path out;

    @Option(names = "--plots", description = "Directory for PNG plots (loss curve, predicted vs measured).")
    Path plots;

    @Override
    public Integer call() throws IOException {
        CliChecks.positive("--epochs", epochs);
        CliChecks.positive("--batch-size", batchSize);
        CliChecks.oneOf("--split", split, "random", "help-ofa");
        Encoders.requireKnown(encoder);
        SearchSpace s = SearchSpaces.byId(space);
        CliFiles.refuseExisting("--out", out);
        MlpHyperParameters hp = hyperParameters();
        boolean usesHardware = Paper131Encoder.ID.equals(encoder);
        LatencyDataset ds = PredictorData.read(data, s, hardware, batch, usesHardware);
        SampleSplit parts = PredictorData.split(ds, split, seed, PredictorData.features(usesHardware));
        ArchitectureEncoder enc = Encoders.forTraining(encoder, s, parts.train());
        PrintWriter o = spec.commandLine().getOut();
        o.printf("training %s on %d rows (validation %d, test %d) of %s%n", encoder, parts.train().size(),
                parts.validation().size(), parts.test().size(), parts.train().hardwareIdSet());
        o.flush();
        MlpLatencyPredictor p = new MlpLatencyTrainer(enc, hp).train(parts);
        PredictorReport.printEvaluation(o, "test", p.evaluation());
        o.printf("epochs %d, best %d%n", p.lossCurve().epochs(), p.lossCurve().bestEpoch());
        p.save(out);
        o.printf("saved %s to %s%n", p.id(), out);
        if (plots != null) {
            PredictorReport.plots(p, parts.test(), plots, o);
        }
        o.flush();
        return 0;
    }

    private MlpHyperParameters hyperParameters() {
        MlpHyperParameters hp = MlpHyperParameters.paper().withEpochs(epochs).withBatchSize(batchSize).withSeed(seed)
                .withEarlyStoppingPatience(patience);
        if (learningRate != null) {
            hp = hp.withLearningRate(learningRate);
        }
        if (weightDecay != null) {
            hp = hp.withWeightDecay(weightDecay);
        }
        if (momentum != null) {
            hp = hp.withMomentum(momentum);
        }
        return hp;
    }
}
