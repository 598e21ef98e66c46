package io.latnas.runtime.search;

import io.latnas.accuracy.AccuracyEstimator;
import io.latnas.latency.LatencySource;
import io.latnas.latency.LatencySources;
import io.latnas.search.CancellationToken;
import io.latnas.search.ConstraintResult;
import io.latnas.search.EvolutionFinder;
import io.latnas.search.LatencyEvaluator;
import io.latnas.search.LatencySourceEvaluator;
import io.latnas.search.MemoizingLatencyEvaluator;
import io.latnas.search.SearchListener;
import io.latnas.search.SearchProgress;
import io.latnas.search.SearchResult;
import io.latnas.search.SearchStatus;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One search, as plain Java: builds the latency evaluator its strategy calls for, runs
 * {@link EvolutionFinder} on the calling thread and turns what it reports into {@link SearchOutcome}s.
 * {@link SearchRun} runs it on the search dispatcher.
 *
 * <p>Evaluators by strategy: {@code simulated} and {@code lookup-table} open the hardware's latency source
 * here (a table is read from disk); {@code predictor} and {@code measured} fan each batch out through the
 * search's actor ({@link FanOutLatencyEvaluator}); {@code predictor+memo} puts the search's own
 * {@link MemoizingLatencyEvaluator} in front of that.
 */
final class SearchJob {

    /** What the job reports while it runs, on its own thread. */
    interface Listener {
        void onGeneration(SearchProgressInfo progress);

        void onConstraint(int index, ConstraintOutcome outcome);
    }

    private volatile PlannedSearch plan;
    private final SearchResources resources;
    private final FanOutLatencyEvaluator.Generations generations;
    private final Duration generationTimeout;
    private final CancellationToken cancellation;
    private final Listener listener;
    private final BestSoFar best = new BestSoFar();
    private final List<ConstraintOutcome> outcomes = new ArrayList<>();
    private final long startNanos = System.nanoTime();
    private volatile List<LatencyEvaluator> layers = List.of();
    private volatile SearchProgressInfo lastProgress;
    private volatile boolean surrogate;
    private volatile String accuracyId = "";
    private long hitsAtConstraintStart;

    SearchJob(PlannedSearch plan, SearchResources resources, FanOutLatencyEvaluator.Generations generations,
              Duration generationTimeout, CancellationToken cancellation, Listener listener) {
        this.plan = Objects.requireNonNull(plan, "plan");
        this.resources = Objects.requireNonNull(resources, "resources");
        this.generations = generations;
        this.generationTimeout = generationTimeout;
        this.cancellation = Objects.requireNonNull(cancellation, "cancellation");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Runs the search to its end, or until cancelled between generations.
     *
     * @throws java.util.concurrent.CancellationException when cancelled while latencies were being gathered
     * @throws GenerationFailedException                  when latencies could not be had
     * @throws RuntimeException                           when the latency source cannot be opened or used
     */
    SearchOutcome run() {
        LatencyEvaluator evaluator = evaluator();
        AccuracyEstimator accuracy = resources.accuracy().apply(plan.space());
        accuracyId = accuracy.id();
        surrogate = accuracy.isSurrogate();
        EvolutionFinder finder = new EvolutionFinder(best.latency(evaluator), best.accuracy(accuracy), plan.settings());
        SearchResult result = finder.search(plan.request(), new FinderListener(), cancellation);
        return outcome(outcomes, result.evaluatorStats().evaluations());
    }

    /**
     * What was found before the search was cancelled or failed in the middle of a constraint: the finished
     * constraints, the interrupted one with its best so far, and the rest with nothing.
     */
    SearchOutcome partial() {
        List<ConstraintOutcome> front = new ArrayList<>(outcomes);
        List<Double> constraints = plan.request().latencyConstraintsMs();
        for (int i = front.size(); i < constraints.size(); i++) {
            BestSoFar.Best interrupted = i == outcomes.size() ? best.best() : null;
            SearchProgressInfo progress = lastProgress;
            int generations = progress != null && progress.constraintIndex() == i ? progress.generation() : 0;
            long evaluations = progress != null && progress.constraintIndex() == i ? progress.evaluations() : 0;
            front.add(interrupted == null
                    ? new ConstraintOutcome(constraints.get(i), SearchStatus.CANCELLED, null, Double.NaN, surrogate,
                    Double.NaN, generations, evaluations, 0, 0)
                    : new ConstraintOutcome(constraints.get(i), SearchStatus.CANCELLED, interrupted.architecture(),
                    interrupted.accuracy(), surrogate, interrupted.latencyMs(), generations, evaluations, 0, 0));
        }
        return outcome(front, evaluations());
    }

    private SearchOutcome outcome(List<ConstraintOutcome> front, long evaluations) {
        return new SearchOutcome(front, accuracyId, surrogate, plan.latencySource(), evaluations, cacheHits(),
                Duration.ofNanos(System.nanoTime() - startNanos).toMillis());
    }

    private LatencyEvaluator evaluator() {
        List<LatencyEvaluator> stack = new ArrayList<>();
        LatencyEvaluator evaluator = switch (plan.strategy()) {
            case SIMULATED, LOOKUP_TABLE -> new LatencySourceEvaluator(source());
            case PREDICTOR, MEASURED -> fanOut();
            case PREDICTOR_MEMO -> {
                LatencyEvaluator fanOut = fanOut();
                stack.add(fanOut);
                yield MemoizingLatencyEvaluator.wrap(fanOut, plan.settings());
            }
        };
        if (!stack.contains(evaluator)) {
            stack.add(0, evaluator);
        }
        layers = List.copyOf(stack);
        return evaluator;
    }

    /** The hardware's source; a source covering only some resolutions (a lookup table) narrows the search to them. */
    private LatencySource source() {
        LatencySource source = LatencySources.create(plan.strategy().configName(),
                resources.hardware().byId(plan.hardwareId()), plan.space(), resources.simulation());
        if (source.resolutions() != null) {
            plan = plan.restrictedTo(source.resolutions());
        }
        return source;
    }

    private LatencyEvaluator fanOut() {
        return new FanOutLatencyEvaluator(generations, cancellation, generationTimeout, plan.latencySource());
    }

    /** Answers served from a cache at any layer: the search's memo, then the pools' node-wide cache. */
    private long cacheHits() {
        long hits = 0;
        for (LatencyEvaluator layer : layers) {
            hits += layer.stats().cacheHits();
        }
        return hits;
    }

    private long evaluations() {
        List<LatencyEvaluator> current = layers;
        return current.isEmpty() ? 0 : current.get(0).stats().evaluations();
    }

    private final class FinderListener implements SearchListener {

        @Override
        public void onGeneration(SearchProgress progress) {
            BestSoFar.Best now = best.best();
            SearchProgressInfo info = new SearchProgressInfo(progress.constraintIndex(),
                    plan.request().latencyConstraintsMs().size(), progress.constraintMs(),
                    progress.stats().generation(), progress.generations(), progress.stats().bestAccuracy(),
                    progress.stats().bestLatencyMs(), now == null ? null : now.architecture(),
                    progress.stats().evaluations(), cacheHits());
            lastProgress = info;
            listener.onGeneration(info);
        }

        @Override
        public void onConstraintFinished(int constraintIndex, ConstraintResult result) {
            long hits = cacheHits();
            ConstraintOutcome outcome = new ConstraintOutcome(result.constraintMs(), result.status(),
                    result.architecture(), result.accuracy(), surrogate, result.latencyMs(), result.generations(),
                    result.latencyEvaluations(), hits - hitsAtConstraintStart, result.wallTime().toMillis());
            hitsAtConstraintStart = hits;
            outcomes.add(outcome);
            best.reset();
            listener.onConstraint(constraintIndex, outcome);
        }
    }
}
