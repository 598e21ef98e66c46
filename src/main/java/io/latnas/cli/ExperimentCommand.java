package io.latnas.cli;

import io.latnas.config.LatnasSettings;
import io.latnas.experiment.NasExperiment;
import io.latnas.experiment.NasExperimentSettings;
import io.latnas.experiment.NasPlots;
import io.latnas.experiment.NasReport;
import io.latnas.experiment.NasStrategy;
import io.latnas.hardware.HardwareProfile;
import io.latnas.predictor.MlpLatencyPredictor;
import io.latnas.search.SearchSettings;
import io.latnas.space.SearchSpace;
import io.latnas.space.SearchSpaces;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code latnas experiment}: the paper's experiments end to end. */
@Command(name = "experiment", mixinStandardHelpOptions = true, description = "Run the paper's experiments.",
        subcommands = {ExperimentCommand.Nas.class})
final class ExperimentCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * {@code latnas experiment nas}: OFA's evolutionary search per space, latency strategy and
     * constraint (paper §5.6, Fig. 8), with the time of one estimate per strategy (Table 5).
     */
    @Command(name = "nas", mixinStandardHelpOptions = true,
            description = "OFA's search under several latency constraints with each latency strategy (paper §5.6): "
                    + "search time, latency evaluations, memo hit rate, and the winners' surrogate accuracy and latency.")
    static final class Nas implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--hardware", defaultValue = "note10",
                description = "Hardware id: one with a lookup table (note10) or a simulated device (default ${DEFAULT-VALUE}).")
        String hardware;

        @Option(names = "--spaces", split = ",",
                description = "Search spaces (default: compofa-fixed, compofa-elastic, ofa-mbv3-w1.0, those the hardware's lookup table covers).")
        List<String> spaces;

        @Option(names = "--strategies", split = ",",
                description = "lookup-table, measured, predictor, predictor+memo (default: all the hardware allows).")
        List<String> strategies;

        @Option(names = "--constraints", split = ",",
                description = "Latency constraints in ms (default: latnas.experiment.nas.constraints-ms for the hardware, "
                        + "else quantiles of each space's latencies).")
        List<Double> constraints;

        @Option(names = "--population", description = "Search population (default from configuration: 100).")
        Integer population;

        @Option(names = "--generations", description = "Search generations (default from configuration: 500).")
        Integer generations;

        @Option(names = "--dataset-size", description = "Subnets measured per space to train its predictor (default from configuration: 4000).")
        Integer datasetSize;

        @Option(names = "--epochs", description = "Predictor training epochs (default from configuration: 30).")
        Integer epochs;

        @Option(names = "--estimate-calls", description = "Single-subnet calls timed per strategy (default from configuration: 1000).")
        Integer estimateCalls;

        @Option(names = "--seed", description = "Seed for every random choice (default from configuration: 0).")
        Long seed;

        @Option(names = "--predictor",
                description = "A saved predictor (latnas train) to use instead of training one per space; the spaces default to"
                        + " the one it was trained on.")
        Path predictor;

        @Option(names = "--out", description = "Folder for results.md, results.csv and the plots (default: a new runs/nas-<hardware>-<time>).")
        Path out;

        @Override
        public Integer call() throws IOException {
            LatnasSettings settings = LatnasSettings.load();
            NasExperimentSettings defaults = NasExperimentSettings.fromConfig(settings.config());
            NasExperimentSettings chosen = defaults.with(
                    population == null ? defaults.population() : CliChecks.positive("--population", population),
                    generations == null ? defaults.generations() : CliChecks.positive("--generations", generations),
                    datasetSize == null ? defaults.datasetSize() : CliChecks.positive("--dataset-size", datasetSize),
                    epochs == null ? defaults.epochs() : CliChecks.positive("--epochs", epochs),
                    seed == null ? defaults.seed() : seed)
                    .withEstimateCalls(estimateCalls == null ? defaults.estimateCalls()
                            : CliChecks.positive("--estimate-calls", estimateCalls));
            HardwareProfile hw = settings.hardware().byId(hardware);
            List<SearchSpace> spaceList = spaces == null ? null : spaces.stream().map(SearchSpaces::byId).toList();
            List<NasStrategy> strategyList = strategies == null ? null : strategies.stream().map(NasStrategy::byId).toList();
            MlpLatencyPredictor loaded = predictor == null ? null : MlpLatencyPredictor.load(predictor);
            if (loaded != null) {
                if (spaceList == null && loaded.provenance().space().isPresent()) {
                    spaceList = List.of(PredictorData.space(loaded, null));
                }
                if (spaceList != null) {
                    spaceList.forEach(s -> PredictorData.requireSpace(loaded, s));
                }
            }
            NasExperiment.Request request = new NasExperiment.Request(hw, spaceList, strategyList, constraints, loaded,
                    predictor == null ? null : "loaded from " + predictor);
            NasExperiment experiment = new NasExperiment(chosen, SearchSettings.fromConfig(settings.config()),
                    settings.simulation());
            experiment.check(request);
            Path dir = CliFiles.newRunFolder("--out", out, "nas-" + hw.id());

            PrintWriter err = spec.commandLine().getErr();
            err.printf("latnas experiment nas: %s, writing to %s%n", hw.id(), dir);
            NasReport report = experiment.run(request, line -> {
                err.println("  " + line);
                err.flush();
            });
            String markdown = report.markdown();
            Files.writeString(dir.resolve("results.md"), markdown, StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("results.csv"), report.csv(), StandardCharsets.UTF_8);
            List<Path> plots = NasPlots.write(report, dir);
            PrintWriter o = spec.commandLine().getOut();
            o.print(markdown);
            o.printf("%nwrote %s, %s and %d plots to %s%n", "results.md", "results.csv", plots.size(), dir);
            o.flush();
            return 0;
        }
    }
}
