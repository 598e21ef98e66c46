package io.latnas.cli;

import io.latnas.config.LatnasSettings;
import io.latnas.dataset.CreationReport;
import io.latnas.dataset.DatasetCreator;
import io.latnas.dataset.DatasetCsv;
import io.latnas.dataset.LatencyDataset;
import io.latnas.dataset.LatencyRecord;
import io.latnas.hardware.HardwareProfile;
import io.latnas.latency.LatencySource;
import io.latnas.latency.LatencySources;
import io.latnas.accuracy.SurrogateAccuracy;
import io.latnas.encoding.Paper128Encoder;
import io.latnas.latency.SimulatedDevice;
import io.latnas.predictor.Evaluation;
import io.latnas.predictor.LatencySamples;
import io.latnas.predictor.MlpHyperParameters;
import io.latnas.predictor.MlpLatencyPredictor;
import io.latnas.predictor.MlpLatencyTrainer;
import io.latnas.predictor.SampleSplit;
import io.latnas.search.ConstraintResult;
import io.latnas.search.EvolutionFinder;
import io.latnas.search.LatencyEvaluator;
import io.latnas.search.MemoizingLatencyEvaluator;
import io.latnas.search.SearchRequest;
import io.latnas.search.SearchResult;
import io.latnas.search.SearchSettings;
import io.latnas.space.Architecture;
import io.latnas.space.ArchitectureCodec;
import io.latnas.space.SearchSpace;
import io.latnas.space.SearchSpaces;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code latnas quickstart}: the main job end to end on one embedded node, with defaults that finish
 * in seconds: build a latency dataset on a simulated device, train the paper's MLP latency
 * predictor on it, and run OFA's evolutionary search with the predictor (memoised) for a latency
 * constraint, printing the chosen subnet with its predicted and reference latency and its
 * estimated accuracy.
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true,
        description = "Run the main job end to end on one embedded node with small defaults.")
final class QuickstartCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--space", defaultValue = "ofa-mbv3-w1.0", description = "Search space (default ${DEFAULT-VALUE}).")
    String space;

    @Option(names = "--hardware", defaultValue = "rtx2080ti", description = "Hardware (default ${DEFAULT-VALUE}).")
    String hardware;

    @Option(names = "--batch", defaultValue = "1", description = "Batch size (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--count", defaultValue = "4000",
            description = "Architectures in the dataset (default ${DEFAULT-VALUE}, the paper's elbow, Fig. 4b).")
    int count;

    @Option(names = "--seed", defaultValue = "0", description = "Seed for every random choice (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--epochs", defaultValue = "30",
            description = "Predictor training epochs (default ${DEFAULT-VALUE} to stay quick; the paper trains 100).")
    int epochs;

    @Option(names = "--constraint-ms", description = "Latency constraint of the search (default: the dataset's median latency).")
    Double constraintMs;

    @Option(names = "--population", defaultValue = "100", description = "Search population (default ${DEFAULT-VALUE}, OFA's).")
    int population;

    @Option(names = "--generations", defaultValue = "500", description = "Search generations (default ${DEFAULT-VALUE}, OFA's).")
    int generations;

    @Option(names = "--out", description = "Folder for what the run writes (default: a new runs/quickstart-<time>).")
    Path out;

    @Override
    public Integer call() {
        CliChecks.positive("--count", count);
        CliChecks.positive("--batch", batch);
        LatnasSettings settings = LatnasSettings.load();
        SearchSpace s = SearchSpaces.byId(space);
        HardwareProfile hw = settings.hardware().byId(hardware);
        Path dir = CliFiles.newRunFolder("--out", out, "quickstart");
        PrintWriter o = spec.commandLine().getOut();
        o.printf("LatencyNAS quickstart: space %s, hardware %s (%s), batch %d, seed %d%n", s.id(), hw.id(), hw.name(),
                batch, seed);
        o.printf("writing to %s%n%n", dir);

        LatencyDataset dataset = buildDataset(o, settings, s, hw, dir.resolve("dataset.csv"));
        o.printf("%n[1] dataset: %d distinct architectures, content hash %s%n", dataset.size(),
                dataset.contentHash().substring(0, 16));
        DatasetCommand.printSummaries(o, dataset);

        MlpLatencyPredictor predictor = trainPredictor(o, dataset, dir.resolve("predictor.zip"));
        search(o, settings, s, hw, predictor, dataset);
        o.flush();
        return 0;
    }

    private MlpLatencyPredictor trainPredictor(PrintWriter o, LatencyDataset dataset, Path file) {
        List<Architecture> archs = new ArrayList<>(dataset.size());
        double[] ms = new double[dataset.size()];
        for (int i = 0; i < ms.length; i++) {
            archs.add(dataset.get(i).architecture());
            ms[i] = dataset.get(i).latencyMs();
        }
        LatencySamples samples = LatencySamples.of(archs, hardware, batch, ms).withDatasetHash(dataset.contentHash());
        long started = System.nanoTime();
        MlpLatencyTrainer trainer = new MlpLatencyTrainer(Paper128Encoder.ID,
                MlpHyperParameters.paper().withEpochs(CliChecks.positive("--epochs", epochs)));
        MlpLatencyPredictor predictor = trainer.train(SampleSplit.random(samples, seed));
        try {
            predictor.save(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Evaluation ev = predictor.evaluation();
        o.printf("%n[2] trained the paper's MLP (paper128, 400-400-1, %d epochs) in %.1f s -> %s%n", epochs,
                (System.nanoTime() - started) / 1e9, file);
        o.printf("    held-out test: RMSE %.3f ms (%.2f%%), within +-10%% %.1f%%, Kendall tau %.3f%n", ev.rmseMs(),
                ev.rmsePercent(), 100 * ev.within10Percent(), ev.kendallTau());
        return predictor;
    }

    private void search(PrintWriter o, LatnasSettings settings, SearchSpace s, HardwareProfile hw,
                        MlpLatencyPredictor predictor, LatencyDataset dataset) {
        SearchSettings searchSettings = SearchSettings.fromConfig(settings.config())
                .withBudget(CliChecks.positive("--population", population), CliChecks.positive("--generations", generations));
        double constraint = constraintMs != null ? constraintMs
                : dataset.summaries().values().iterator().next().medianMs();
        LatencyEvaluator viaPredictor = (archs, batchSize) -> predictor.predictMs(archs, null, batchSize);
        LatencyEvaluator memo = MemoizingLatencyEvaluator.wrap(viaPredictor, searchSettings);
        SurrogateAccuracy accuracy = SurrogateAccuracy.forSpace(s);
        EvolutionFinder finder = new EvolutionFinder(memo, accuracy, searchSettings);
        SearchResult result = finder.search(new SearchRequest(s, List.of(constraint), batch, seed));
        ConstraintResult best = result.forConstraint(0);
        SimulatedDevice reference = SimulatedDevice.forSpace(hw, s, settings.simulation());
        o.printf("%n[3] OFA evolutionary search (population %d, %d generations, predictor+memo) for latency <= %.2f ms "
                        + "in %.2f s: %s, %d latency queries, cache hit rate %.1f%%%n",
                searchSettings.population(), searchSettings.generations(), constraint, result.wallTime().toMillis() / 1e3,
                best.status(), result.evaluatorStats().evaluations(), 100 * result.evaluatorStats().hitRate());
        if (best.architecture() != null) {
            o.printf("    chosen subnet    %s%n", ArchitectureCodec.toJson(best.architecture()));
            o.printf("    predicted        %.3f ms%n", best.latencyMs());
            o.printf("    reference        %.3f ms (simulated %s, no measurement noise)%n",
                    reference.exactLatencyMs(best.architecture(), batch), hw.id());
            o.printf("    est. accuracy    %.2f%% top-1 (%s: a SURROGATE calibrated to published OFA points, not a"
                    + " measured accuracy)%n", best.accuracy(), accuracy.id());
        }
    }

    private LatencyDataset buildDataset(PrintWriter o, LatnasSettings settings, SearchSpace s, HardwareProfile hw, Path file) {
        LatencySource source = LatencySources.create(HardwareProfile.SIMULATED, hw, s,
                settings.simulation().withNoise(settings.simulation().noiseSigma(), seed));
        long started = System.nanoTime();
        DatasetCreator creator = new DatasetCreator(s, source, 2, Clock.systemUTC());
        List<LatencyRecord> rows = new ArrayList<>(count);
        CreationReport report = creator.create(batch, count, seed, rows::add);
        LatencyDataset dataset = LatencyDataset.of(s.id(), rows);
        DatasetCsv.writeLong(dataset, file);
        o.printf("[1] measured %d architectures on the simulated %s in %.2f s -> %s%n", report.created(), hw.id(),
                (System.nanoTime() - started) / 1e9, file);
        return dataset;
    }
}
