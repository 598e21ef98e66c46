package io.latnas.cli;

import com.typesafe.config.Config;
import io.latnas.config.LatnasSettings;
import io.latnas.dataset.DatasetCsv;
import io.latnas.dataset.LatencyDataset;
import io.latnas.dataset.LatencyRecord;
import io.latnas.encoding.Paper128Encoder;
import io.latnas.hardware.HardwareProfile;
import io.latnas.inference.TrainedModel;
import io.latnas.latency.SimulatedDevice;
import io.latnas.predictor.DatasetSamples;
import io.latnas.predictor.Evaluation;
import io.latnas.predictor.MlpHyperParameters;
import io.latnas.predictor.MlpLatencyPredictor;
import io.latnas.predictor.MlpLatencyTrainer;
import io.latnas.predictor.SampleSplit;
import io.latnas.runtime.LatnasNode;
import io.latnas.runtime.NodeClient;
import io.latnas.runtime.NodeGuardian;
import io.latnas.runtime.NodeRole;
import io.latnas.runtime.RuntimeSettings;
import io.latnas.runtime.dataset.DatasetBuilder;
import io.latnas.runtime.dataset.DatasetJob;
import io.latnas.runtime.measure.MeasurementSettings;
import io.latnas.runtime.measure.MeasurementSources;
import io.latnas.runtime.measure.ServedDevice;
import io.latnas.runtime.search.ConstraintOutcome;
import io.latnas.runtime.search.LatencyStrategy;
import io.latnas.runtime.search.SearchOutcome;
import io.latnas.runtime.search.SearchSpec;
import io.latnas.runtime.search.SearchSupervisor;
import io.latnas.search.SearchSettings;
import io.latnas.space.ArchitectureCodec;
import io.latnas.space.SearchSpace;
import io.latnas.space.SearchSpaces;
import org.apache.pekko.actor.typed.ActorRef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * {@code latnas quickstart}: the main job end to end on one embedded node, through its actors: the
 * dataset builder measures a latency dataset with a measurement actor serving a simulated device, the
 * paper's MLP latency predictor is trained on it and registered with the node's predictor pool, and the
 * search supervisor runs OFA's evolutionary search with that predictor (memoised) for a latency
 * constraint. Prints the chosen subnet with its predicted and reference latency and its estimated accuracy.
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true,
        description = "Run the main job end to end on one embedded node with small defaults.")
final class QuickstartCommand implements Callable<Integer> {

    /** How long a question to the node that needs one reply (services, registration, admission) may take. */
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(30);

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
        CliChecks.positive("--epochs", epochs);
        LatnasSettings settings = LatnasSettings.load();
        SearchSpace s = SearchSpaces.byId(space);
        HardwareProfile hw = settings.hardware().byId(hardware);
        SearchSettings searchSettings = SearchSettings.fromConfig(settings.config())
                .withBudget(CliChecks.positive("--population", population), CliChecks.positive("--generations", generations));
        Path dir = CliFiles.newRunFolder("--out", out, "quickstart");
        PrintWriter o = spec.commandLine().getOut();
        o.printf("LatencyNAS quickstart: space %s, hardware %s (%s), batch %d, seed %d%n", s.id(), hw.id(), hw.name(),
                batch, seed);
        o.printf("writing to %s%n", dir);

        Config config = LatnasNode.embedded(settings.config());
        RuntimeSettings configured = RuntimeSettings.fromConfig(config);
        RuntimeSettings runtime = new RuntimeSettings(EnumSet.of(NodeRole.MEASURE, NodeRole.PREDICT, NodeRole.SEARCH),
                new MeasurementSettings(configured.measurement().queueSize(),
                        List.of(ServedDevice.CatalogSource.of(hw.id(), HardwareProfile.SIMULATED, s))),
                configured.datasetBuilder(), configured.predictorPool(), configured.search());
        MeasurementSources sources = MeasurementSources.standard(settings.hardware(),
                settings.simulation().withNoise(settings.simulation().noiseSigma(), seed));
        try (LatnasNode node = LatnasNode.start(config, runtime, sources)) {
            o.printf("embedded node: a measurement actor for the simulated %s, a predictor pool, a search supervisor%n%n",
                    hw.id());
            NodeClient client = new NodeClient(node, ASK_TIMEOUT);
            NodeGuardian.Services services = await(client.services());
            LatencyDataset dataset = buildDataset(o, client, s, hw, dir.resolve("dataset.csv"));
            o.printf("%n[1] dataset: %d distinct architectures, content hash %s%n", dataset.size(),
                    dataset.contentHash().substring(0, 16));
            DatasetCommand.printSummaries(o, dataset);

            MlpLatencyPredictor predictor = trainPredictor(o, dataset, dir.resolve("predictor.zip"));
            String modelId = "quickstart-mlp";
            await(client.registerModel(services.predictorPool().orElseThrow(),
                    new TrainedModel(modelId, hw.id(), s, predictor)));
            o.printf("    served by the node's predictor pool as model %s%n", modelId);
            search(o, client, services.searchSupervisor().orElseThrow(), s, hw, settings, searchSettings, modelId,
                    dataset);
        }
        o.flush();
        return 0;
    }

    private LatencyDataset buildDataset(PrintWriter o, NodeClient client, SearchSpace s, HardwareProfile hw, Path file) {
        long started = System.nanoTime();
        DatasetBuilder.Event last = await(client.buildDataset(new DatasetJob(s, hw.id(), batch, count, seed, file),
                event -> { }));
        if (!(last instanceof DatasetBuilder.DatasetBuilt built) || built.outcome() != DatasetBuilder.Outcome.COMPLETED) {
            throw new IllegalStateException("the dataset build did not complete: " + last);
        }
        o.printf("[1] the dataset builder measured %d architectures through the measurement actor (simulated %s) in %.2f s"
                + " -> %s%n", built.measured(), hw.id(), (System.nanoTime() - started) / 1e9, file);
        LatencyDataset measured = DatasetCsv.read(file, s, HardwareProfile.SIMULATED).forTarget(hw.id(), batch);
        // The file holds the rows in the order the measurement actor answered them, which varies from run to
        // run; a fixed order makes the seeded split, and with it the predictor and the search, repeat.
        List<LatencyRecord> rows = new ArrayList<>(measured.records());
        rows.sort(Comparator.comparing(r -> r.architecture().toString()));
        return LatencyDataset.of(measured.spaceId(), rows);
    }

    private MlpLatencyPredictor trainPredictor(PrintWriter o, LatencyDataset dataset, Path file) {
        long started = System.nanoTime();
        MlpLatencyTrainer trainer = new MlpLatencyTrainer(Paper128Encoder.ID,
                MlpHyperParameters.paper().withEpochs(epochs).withSeed(seed));
        MlpLatencyPredictor predictor = trainer.train(SampleSplit.random(DatasetSamples.of(dataset), seed));
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

    private void search(PrintWriter o, NodeClient client, ActorRef<SearchSupervisor.Command> supervisor, SearchSpace s,
                        HardwareProfile hw, LatnasSettings settings, SearchSettings searchSettings, String modelId,
                        LatencyDataset dataset) {
        double constraint = constraintMs != null ? constraintMs
                : dataset.summaries().values().iterator().next().medianMs();
        SearchSpec request = new SearchSpec(s.id(), hw.id(), batch, List.of(constraint),
                LatencyStrategy.PREDICTOR_MEMO.configName(), modelId, searchSettings.population(),
                searchSettings.generations(), seed);
        Object ended = await(client.search(supervisor, request, event -> { }));
        if (!(ended instanceof SearchSupervisor.SearchEnded end) || end.info().result() == null) {
            throw new IllegalStateException("the search supervisor did not run the search: " + ended);
        }
        SearchSupervisor.SearchInfo info = end.info();
        if (info.failure() != null) {
            throw new IllegalStateException("the search failed: " + info.failure());
        }
        SearchOutcome result = info.result();
        ConstraintOutcome best = result.front().get(0);
        SimulatedDevice reference = SimulatedDevice.forSpace(hw, s, settings.simulation());
        o.printf("%n[3] OFA evolutionary search by the search supervisor (population %d, %d generations, predictor+memo)"
                        + " for latency <= %.2f ms in %.2f s: %s, %d latency queries, cache hit rate %.1f%%%n",
                searchSettings.population(), searchSettings.generations(), constraint, result.wallTimeMs() / 1e3,
                best.status(), result.latencyEvaluations(), 100 * result.cacheHitRate());
        if (best.architecture() != null) {
            o.printf("    chosen subnet    %s%n", ArchitectureCodec.toJson(best.architecture()));
            o.printf("    predicted        %.3f ms%n", best.latencyMs());
            o.printf("    reference        %.3f ms (simulated %s, no measurement noise)%n",
                    reference.exactLatencyMs(best.architecture(), batch), hw.id());
            o.printf("    est. accuracy    %.2f%% top-1 (%s: a %s calibrated to published OFA points, not a"
                    + " measured accuracy)%n", best.accuracy(), result.accuracyEstimatorId(),
                    result.accuracySurrogate() ? "SURROGATE" : "trained predictor");
        }
    }

    private static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }
}
