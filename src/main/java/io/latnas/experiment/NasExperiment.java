package io.latnas.experiment;

import io.latnas.accuracy.SurrogateAccuracy;
import io.latnas.common.InvalidInputException;
import io.latnas.dataset.DatasetCreator;
import io.latnas.encoding.Paper128Encoder;
import io.latnas.hardware.HardwareProfile;
import io.latnas.latency.LatencySource;
import io.latnas.latency.LatencySources;
import io.latnas.latency.SimulationSettings;
import io.latnas.predictor.DatasetSamples;
import io.latnas.predictor.LatencySamples;
import io.latnas.predictor.MlpHyperParameters;
import io.latnas.predictor.MlpLatencyPredictor;
import io.latnas.predictor.MlpLatencyTrainer;
import io.latnas.predictor.SampleSplit;
import io.latnas.search.ConstraintResult;
import io.latnas.search.EvolutionFinder;
import io.latnas.search.LatencyEvaluator;
import io.latnas.search.LatencySourceEvaluator;
import io.latnas.search.MemoizingLatencyEvaluator;
import io.latnas.search.SearchRequest;
import io.latnas.search.SearchResult;
import io.latnas.search.SearchSettings;
import io.latnas.space.Architecture;
import io.latnas.space.SearchSpace;
import io.latnas.space.SearchSpaces;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The paper's application experiment (§5.6, Fig. 8): for each search space and latency strategy,
 * OFA's evolutionary search under each latency constraint, every search starting afresh (a new memo),
 * and the time of one latency estimate per strategy (Table 5). Winners are scored by the accuracy
 * surrogate and checked against the noise-free reference latency: OFA's lookup-table sum where the
 * hardware's latencies come from a table, else the simulated device without measurement noise.
 *
 * <p>The predictor strategies use one MLP per space, trained on {@code dataset-size} subnets measured
 * by the hardware's own source (lookup table, or the simulated device with noise), unless one is
 * given. Searches run one after another at batch size 1 (lookup tables hold batch-1 latencies).
 * Repeatable: the same settings and seed give the same winners.
 */
public final class NasExperiment {

    /** Lookup tables hold batch-1 latencies, and the paper searches for batch 1. */
    static final int BATCH = 1;

    /**
     * What to run. Null lists take the hardware's defaults.
     *
     * @param spaces          null: the spaces the reference covers among {@link #DEFAULT_SPACES}
     * @param strategies      null: every strategy the hardware allows
     * @param constraintsMs   null: the settings' list for the hardware, else quantiles of each space's latencies
     * @param predictor       null: train one per space
     * @param predictorOrigin where a given predictor came from, for the report
     */
    public record Request(HardwareProfile hardware, List<SearchSpace> spaces, List<NasStrategy> strategies,
                          List<Double> constraintsMs, MlpLatencyPredictor predictor, String predictorOrigin) {
        public Request {
            Objects.requireNonNull(hardware, "hardware");
            spaces = spaces == null ? null : List.copyOf(spaces);
            strategies = strategies == null ? null : List.copyOf(strategies);
            constraintsMs = constraintsMs == null ? null
                    : NasExperimentSettings.checkConstraints("constraints", constraintsMs);
            if (predictor != null && predictorOrigin == null) {
                predictorOrigin = predictor.id();
            }
        }

        public static Request defaults(HardwareProfile hardware) {
            return new Request(hardware, null, null, null, null, null);
        }
    }

    /** The spaces of the paper's Fig. 8 and OFA's own. */
    public static final List<SearchSpace> DEFAULT_SPACES =
            List.of(SearchSpaces.COMPOFA_FIXED, SearchSpaces.COMPOFA_ELASTIC, SearchSpaces.OFA_W10);

    private final NasExperimentSettings settings;
    private final SearchSettings searchSettings;
    private final SimulationSettings simulation;

    /**
     * @param searchSettings the search's other settings (ratios, resample bound, memo size); population
     *                       and generations come from {@code settings}
     */
    public NasExperiment(NasExperimentSettings settings, SearchSettings searchSettings, SimulationSettings simulation) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.searchSettings = Objects.requireNonNull(searchSettings, "searchSettings")
                .withBudget(settings.population(), settings.generations());
        this.simulation = Objects.requireNonNull(simulation, "simulation");
    }

    public NasExperimentSettings settings() {
        return settings;
    }

    /**
     * One space of a plan: its noise-free reference, the hardware's own (possibly noisy) source that
     * datasets are measured with, and its lookup table when the {@code lookup-table} strategy runs.
     */
    record SpacePlan(SearchSpace space, LatencySource reference, LatencySource measured, LatencySource lookupTable,
                     List<Double> constraintsMs) {
    }

    /**
     * Checks every combination of the request before anything runs.
     *
     * @throws InvalidInputException as {@link #strategies} does, or for a space the hardware's lookup
     *                               table was not measured for
     */
    public void check(Request request) {
        spaces(request, strategies(request));
    }

    /**
     * The request's strategies, or every strategy the hardware allows.
     *
     * @throws InvalidInputException for a strategy the hardware lacks (a lookup table on a GPU without
     *                               one), a space the hardware's table does not cover, or hardware whose
     *                               latencies are only replayed measurements
     */
    public List<NasStrategy> strategies(Request request) {
        HardwareProfile hw = request.hardware();
        List<NasStrategy> allowed = allowedStrategies(hw);
        if (request.strategies() == null) {
            return allowed;
        }
        for (NasStrategy s : request.strategies()) {
            if (!allowed.contains(s)) {
                String why = s == NasStrategy.LOOKUP_TABLE
                        ? "hardware " + hw.id() + " has no lookup table"
                        : "hardware " + hw.id() + " has no device to measure here (its latencies come from its lookup table)";
                throw new InvalidInputException("strategies", why + "; strategies for " + hw.id() + ": "
                        + allowed.stream().map(NasStrategy::id).collect(Collectors.joining(", ")));
            }
        }
        return request.strategies();
    }

    private static List<NasStrategy> allowedStrategies(HardwareProfile hw) {
        List<NasStrategy> allowed = new ArrayList<>();
        switch (hw.defaultSource()) {
            case HardwareProfile.LOOKUP_TABLE -> allowed.add(NasStrategy.LOOKUP_TABLE);
            case HardwareProfile.SIMULATED -> {
                if (hw.lookupTable().isPresent()) {
                    allowed.add(NasStrategy.LOOKUP_TABLE);
                }
                allowed.add(NasStrategy.MEASURED);
            }
            default -> throw new InvalidInputException("hardware", "hardware " + hw.id() + " answers only from "
                    + hw.defaultSource() + " measurements, which cannot price the subnets a search proposes; pick a "
                    + "simulated device or one with a lookup table");
        }
        allowed.add(NasStrategy.PREDICTOR);
        allowed.add(NasStrategy.PREDICTOR_MEMO);
        return allowed;
    }

    List<SpacePlan> spaces(Request request, List<NasStrategy> strategies) {
        HardwareProfile hw = request.hardware();
        boolean table = HardwareProfile.LOOKUP_TABLE.equals(hw.defaultSource());
        List<SearchSpace> spaces = request.spaces();
        if (spaces == null) {
            spaces = DEFAULT_SPACES.stream()
                    .filter(s -> !table || Math.abs(hw.lookupTable().orElseThrow().widthMultiplier()
                            - s.widthMultiplier()) < 1e-9)
                    .toList();
        }
        if (spaces.isEmpty()) {
            throw new InvalidInputException("spaces", "no search space to run on " + hw.id());
        }
        List<SpacePlan> plans = new ArrayList<>();
        for (SearchSpace space : spaces) {
            LatencySource reference = LatencySources.create(hw.defaultSource(), hw, space, simulation.withNoise(0, settings.seed()));
            LatencySource measured = table ? reference : LatencySources.create(HardwareProfile.SIMULATED, hw, space,
                    simulation.withNoise(simulation.noiseSigma(), settings.seed()));
            LatencySource lookupTable = !strategies.contains(NasStrategy.LOOKUP_TABLE) ? null
                    : table ? reference : LatencySources.create(HardwareProfile.LOOKUP_TABLE, hw, space, simulation);
            // A lookup table has one file per resolution; search only those.
            int[] resolutions = lookupTable != null ? lookupTable.resolutions() : reference.resolutions();
            SearchSpace covered = resolutions == null ? space : space.restrictedToResolutions(resolutions);
            List<Double> constraints = request.constraintsMs() != null ? request.constraintsMs()
                    : settings.constraintsMs().get(hw.id());
            if (constraints == null) {
                constraints = quantileConstraints(covered, reference);
            }
            plans.add(new SpacePlan(covered, reference, measured, lookupTable, constraints));
        }
        return plans;
    }

    /** Runs the whole experiment, reporting each finished step to {@code progress}. */
    public NasReport run(Request request, Consumer<String> progress) {
        List<NasStrategy> strategies = strategies(request);
        List<SpacePlan> plans = spaces(request, strategies);
        List<NasCell> cells = new ArrayList<>();
        List<EstimateTiming> timings = new ArrayList<>();
        List<PredictorSummary> predictors = new ArrayList<>();
        for (SpacePlan plan : plans) {
            MlpLatencyPredictor predictor = null;
            if (strategies.stream().anyMatch(NasStrategy::usesPredictor)) {
                PredictorSummary summary;
                if (request.predictor() != null) {
                    predictor = request.predictor();
                    summary = new PredictorSummary(plan.space().id(), request.predictorOrigin(), predictor.evaluation(), 0);
                } else {
                    long started = System.nanoTime();
                    LatencySamples samples = measure(plan);
                    predictor = train(samples);
                    summary = new PredictorSummary(plan.space().id(), String.format(Locale.ROOT,
                            "trained on %d subnets from %s:%s", samples.size(), plan.measured().kind(),
                            plan.measured().hardwareId()), predictor.evaluation(), (System.nanoTime() - started) / 1e9);
                }
                predictors.add(summary);
                progress.accept(String.format(Locale.ROOT, "%s: predictor %s, held-out RMSE %.2f%%",
                        plan.space().id(), summary.origin(), summary.evaluation().rmsePercent()));
            }
            for (NasStrategy strategy : strategies) {
                EstimateTiming timing = timeEstimates(plan, strategy, predictor);
                timings.add(timing);
                for (double constraint : plan.constraintsMs()) {
                    NasCell cell = search(plan, strategy, predictor, constraint);
                    cells.add(cell);
                    progress.accept(String.format(Locale.ROOT, "%s %s <= %.1f ms: %s, surrogate top-1 %.2f%%, %.2f s",
                            plan.space().id(), strategy.id(), constraint, cell.status(), cell.surrogateTop1(),
                            cell.searchTime().toMillis() / 1e3));
                }
            }
        }
        return new NasReport(request.hardware().id(), settings, searchSettings, cells, timings, predictors);
    }

    private NasCell search(SpacePlan plan, NasStrategy strategy, MlpLatencyPredictor predictor, double constraint) {
        LatencyEvaluator evaluator = evaluator(plan, strategy, predictor);
        EvolutionFinder finder = new EvolutionFinder(evaluator, SurrogateAccuracy.forSpace(plan.space()), searchSettings);
        SearchResult result = finder.search(new SearchRequest(plan.space(), List.of(constraint), BATCH, settings.seed()));
        ConstraintResult winner = result.forConstraint(0);
        double referenceMs = winner.hasArchitecture() ? plan.reference().latencyMs(winner.architecture(), BATCH) : Double.NaN;
        double hitRate = strategy == NasStrategy.PREDICTOR_MEMO ? result.evaluatorStats().hitRate() : 0;
        return new NasCell(plan.space().id(), strategy, constraint, winner.status(), winner.architecture(),
                winner.accuracy(), winner.latencyMs(), referenceMs, result.wallTime(), winner.latencyEvaluations(), hitRate);
    }

    /** A fresh evaluator: a search never inherits another's memo. */
    private LatencyEvaluator evaluator(SpacePlan plan, NasStrategy strategy, MlpLatencyPredictor predictor) {
        return switch (strategy) {
            case LOOKUP_TABLE -> new LatencySourceEvaluator(plan.lookupTable());
            case MEASURED -> new LatencySourceEvaluator(plan.measured());
            case PREDICTOR -> predictorEvaluator(predictor);
            case PREDICTOR_MEMO -> new MemoizingLatencyEvaluator(predictorEvaluator(predictor),
                    searchSettings.memoCacheSize());
        };
    }

    private static LatencyEvaluator predictorEvaluator(MlpLatencyPredictor predictor) {
        Objects.requireNonNull(predictor, "predictor");
        return (archs, batchSize) -> predictor.predictMs(archs, null, batchSize);
    }

    /** {@code dataset-size} distinct subnets priced by the hardware's own source (fewer when the space is smaller). */
    private LatencySamples measure(SpacePlan plan) {
        return DatasetSamples.of(new DatasetCreator(plan.space(), plan.measured(), 1, Clock.systemUTC())
                .createDataset(BATCH, settings.datasetSize(), settings.seed()));
    }

    private MlpLatencyPredictor train(LatencySamples samples) {
        MlpLatencyTrainer trainer = new MlpLatencyTrainer(Paper128Encoder.ID,
                MlpHyperParameters.paper().withEpochs(settings.epochs()).withSeed(settings.seed()));
        return trainer.train(SampleSplit.random(samples, settings.seed()));
    }

    /**
     * Mean time of one single-architecture estimate over distinct random subnets: an untimed pass over
     * them (JIT warm-up; it also fills a memo, so every timed call of {@code predictor+memo} is a hit),
     * then a timed pass over the same subnets.
     */
    private EstimateTiming timeEstimates(SpacePlan plan, NasStrategy strategy, MlpLatencyPredictor predictor) {
        LatencyEvaluator evaluator = evaluator(plan, strategy, predictor);
        List<Architecture> archs = sample(plan.space(), settings.estimateCalls(), settings.seed() ^ 0x5EEDL);
        for (Architecture arch : archs) {
            evaluator.latenciesMs(List.of(arch), BATCH);
        }
        long started = System.nanoTime();
        for (Architecture arch : archs) {
            evaluator.latenciesMs(List.of(arch), BATCH);
        }
        double micros = (System.nanoTime() - started) / 1e3 / archs.size();
        return new EstimateTiming(plan.space().id(), strategy, archs.size(), micros);
    }

    private List<Double> quantileConstraints(SearchSpace space, LatencySource reference) {
        List<Architecture> archs = sample(space, settings.estimateCalls(), settings.seed());
        double[] ms = reference.latenciesMs(archs, BATCH);
        Arrays.sort(ms);
        List<Double> constraints = new ArrayList<>();
        for (double q : settings.constraintQuantiles()) {
            double value = ms[(int) Math.min(ms.length - 1, Math.floor(q * ms.length))];
            constraints.add(Math.round(value * 10) / 10.0);
        }
        return constraints;
    }

    private static List<Architecture> sample(SearchSpace space, int count, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<Architecture> archs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            archs.add(space.sample(rng));
        }
        return archs;
    }
}
