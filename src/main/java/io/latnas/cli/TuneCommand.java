package io.latnas.cli;

import io.latnas.common.InvalidInputException;
import io.latnas.config.LatnasSettings;
import io.latnas.dataset.DatasetCsv;
import io.latnas.dataset.LatencyDataset;
import io.latnas.dataset.LatencyRecord;
import io.latnas.dataset.Target;
import io.latnas.predictor.MlpHyperParameters;
import io.latnas.predictor.MlpLatencyPredictor;
import io.latnas.predictor.NativeThreads;
import io.latnas.predictor.LatencySamples;
import io.latnas.predictor.SampleSplit;
import io.latnas.space.SearchSpaces;
import io.latnas.tune.AshaSchedule;
import io.latnas.tune.AshaSearch;
import io.latnas.tune.FullGridSearch;
import io.latnas.tune.GridPoint;
import io.latnas.tune.HyperParameterGrid;
import io.latnas.tune.MlpTrials;
import io.latnas.tune.TrialRecord;
import io.latnas.tune.TuneResult;
import io.latnas.tune.TuneSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code latnas tune}: ASHA over a learning rate x weight decay x momentum grid; saves the best predictor. */
@Command(name = "tune", mixinStandardHelpOptions = true,
        description = "Search learning rate, weight decay and momentum with ASHA (paper §4.2.2); save the best predictor.")
final class TuneCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, description = "Latency dataset (long CSV or help-ofa wide CSV).")
    Path data;

    @Option(names = "--space", required = true, description = "Search space id of the dataset's architectures.")
    String space;

    @Option(names = "--hardware", description = "Hardware id of the target (needed when the file has several).")
    String hardware;

    @Option(names = "--batch", description = "Batch size of the target (needed when the file has several).")
    Integer batch;

    @Option(names = "--encoder", defaultValue = "paper128", description = "Encoder id (default ${DEFAULT-VALUE}).")
    String encoder;

    @Option(names = "--grid", description = "Grid axes, e.g. 'lr=0.1,0.01;wd=1e-4,1e-5;m=0.9' (default latnas.tune).")
    String grid;

    @Option(names = "--eta", description = "ASHA reduction factor (default latnas.tune.reduction-factor).")
    Integer eta;

    @Option(names = "--grace", description = "Epochs of the first rung (default latnas.tune.grace-period).")
    Integer grace;

    @Option(names = "--max-epochs", description = "Epochs of the last rung (default latnas.tune.max-epochs).")
    Integer maxEpochs;

    @Option(names = "--parallel", description = "Trials trained at once (default latnas.tune.parallel).")
    Integer parallel;

    @Option(names = "--full-grid", description = "Configurations to also train to max epochs for comparison; "
            + "0 skips (default latnas.tune.full-grid-configurations).")
    Integer fullGrid;

    @Option(names = "--rows", description = "Use only the first N rows of the target.")
    Integer rows;

    @Option(names = "--seed", description = "Training and split seed (default latnas.tune.seed).")
    Long seed;

    @Option(names = "--out", required = true, description = "Where to save the best predictor (.zip).")
    Path out;

    @Override
    public Integer call() throws IOException {
        LatnasSettings settings = LatnasSettings.load();
        TuneSettings tune = TuneSettings.fromConfig(settings.config());
        HyperParameterGrid g = grid == null ? tune.grid() : HyperParameterGrid.parse(grid, tune.grid());
        AshaSchedule schedule = new AshaSchedule(eta == null ? tune.schedule().eta() : eta,
                grace == null ? tune.schedule().grace() : grace,
                maxEpochs == null ? tune.schedule().maxEpochs() : maxEpochs);
        int workers = CliChecks.positive("--parallel", parallel == null ? tune.parallel() : parallel);
        long s = seed == null ? tune.seed() : seed;
        int compare = fullGrid == null ? tune.fullGridConfigs() : fullGrid;
        CliFiles.refuseExisting("--out", out);

        LatencySamples samples = target(DatasetCsv.read(data, SearchSpaces.byId(space), "help-ofa"));
        if (rows != null) {
            samples = samples.head(Math.min(CliChecks.positive("--rows", rows), samples.size()));
        }
        SampleSplit split = SampleSplit.random(samples, s);
        MlpHyperParameters base = MlpHyperParameters.paper().withHiddenSizes(tune.hiddenSizes())
                .withBatchSize(tune.batchSize()).withSeed(s);
        // Parallel trials share the cores: each gets its part, or OpenMP workers spin against each other.
        NativeThreads.use(Math.max(1, Runtime.getRuntime().availableProcessors() / workers));

        PrintWriter o = spec.commandLine().getOut();
        o.printf("%s: %d rows (train %d, validation %d, test %d); grid %s = %d configurations; rungs %s epochs; "
                        + "%d in parallel; trials retrain to each rung%n", samples.hardwareIdSet() + " batch "
                        + samples.batchSizeSet(), samples.size(), split.train().size(), split.validation().size(),
                split.test().size(), g, g.size(), schedule.rungEpochs(), workers);
        MlpTrials trials = new MlpTrials(encoder, base, split);
        TuneResult asha = new AshaSearch(schedule, workers, MlpTrials.resumable()).run(g.points(), trials);
        printTable(o, asha);
        MlpLatencyPredictor best = trials.predictorOf(asha.best().point());
        if (compare > 0) {
            List<GridPoint> subset = g.spread(compare);
            TuneResult full = new FullGridSearch(schedule.maxEpochs(), workers)
                    .run(subset, new MlpTrials(encoder, base, split));
            o.printf("%nfull grid: %d of %d configurations to %d epochs%n", subset.size(), g.size(),
                    schedule.maxEpochs());
            printTable(o, full);
            o.printf("%ncomparison: ASHA %.1f s, %d epochs, best validation RMSE %.4f ms; full grid (%d configs) "
                            + "%.1f s, %d epochs, best %.4f ms (%s)%n", seconds(asha), asha.epochsTrained(),
                    asha.best().loss(), subset.size(), seconds(full), full.epochsTrained(), full.best().loss(),
                    full.best().point());
        }
        best.save(out);
        o.printf("saved %s (%s) to %s; test %s%n", best.id(), asha.best().point(), out, best.evaluation().summary());
        return 0;
    }

    private LatencySamples target(LatencyDataset dataset) {
        List<Target> targets = dataset.targets();
        Target chosen;
        if (hardware == null && batch == null && targets.size() == 1) {
            chosen = targets.get(0);
        } else {
            chosen = targets.stream()
                    .filter(t -> (hardware == null || t.hardwareId().equals(hardware))
                            && (batch == null || t.batchSize() == batch))
                    .reduce((a, b) -> {
                        throw new InvalidInputException("--hardware", "the file holds several targets " + targets
                                + "; choose one with --hardware and --batch");
                    })
                    .orElseThrow(() -> new InvalidInputException("--hardware", "no target " + hardware + " batch "
                            + batch + " in " + data + "; it holds " + targets));
        }
        LatencySamples.Builder b = LatencySamples.builder();
        for (LatencyRecord r : dataset.forTarget(chosen).records()) {
            b.add(r.architecture(), r.hardwareId(), null, r.batchSize(), r.latencyMs());
        }
        return b.build();
    }

    private static double seconds(TuneResult r) {
        return r.wallTime().toMillis() / 1000.0;
    }

    private static void printTable(PrintWriter o, TuneResult result) {
        o.printf("%-5s %-8s %-8s %-6s %-5s %-7s %s%n", "trial", "lr", "wd", "m", "rung", "epochs", "val-rmse-ms");
        for (TrialRecord r : result.trials()) {
            GridPoint p = r.point();
            o.printf(Locale.ROOT, "%-5d %-8s %-8s %-6s %-5s %-7d %s%s%n", p.index(), p.learningRate(), p.weightDecay(),
                    p.momentum(), r.rung() < 0 ? "-" : String.valueOf(r.rung()), r.epochs(),
                    r.rung() < 0 ? "-" : String.format(Locale.ROOT, "%.4f", r.loss()), r == result.best() ? "  <- best" : "");
        }
        o.printf(Locale.ROOT, "%s: best %s at rung %d (%d epochs), validation RMSE %.4f ms; %d epochs trained in %.1f s%n",
                result.method(), result.best().point(), result.best().rung(), result.best().epochs(), result.best().loss(),
                result.epochsTrained(), seconds(result));
    }
}
