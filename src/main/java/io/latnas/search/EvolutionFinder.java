package io.latnas.search;

import io.latnas.accuracy.AccuracyEstimator;
import io.latnas.space.Architecture;
import io.latnas.space.SearchSpace;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * OFA's evolutionary search (ofa/nas/search_algorithm/evolution.py, {@code EvolutionFinder}):
 * maximise estimated accuracy subject to latency within a constraint. Like OFA's, it is handed an
 * efficiency predictor and an accuracy predictor and never asks where their numbers come from.
 *
 * <p>Per constraint: a random initial population of architectures within the constraint; then,
 * each generation, the most accurate {@code parent-ratio} of the population become parents,
 * {@code mutation-ratio} of a new population's worth of children are mutations of a random parent
 * and the rest crossovers of two, and the next population is the parents plus the children.
 *
 * <p>Where this differs from OFA, and why:
 * <ul>
 *   <li>Candidates are evaluated a generation at a time: a round proposes one candidate for every
 *       empty slot, asks the evaluator for all their latencies in one call, keeps those within
 *       the constraint, and re-proposes (same parents, fresh random choices) only for the rest.
 *       Accuracy is asked for once per generation, for the children that fit.</li>
 *   <li>OFA retries a slot until a candidate fits, forever when nothing can. Here a slot gets at
 *       most {@code 1 + max-resample-attempts} proposals, then stays empty for that generation.
 *       The initial population gets as many rounds; if nothing fitted, the space's smallest subnet
 *       is tried, and if that is too slow as well the constraint is reported
 *       {@link SearchStatus#INFEASIBLE} with the fastest architecture seen.</li>
 *   <li>The result is the best of the final population, children of the last generation included
 *       (OFA returns the best parent at the start of its last generation).</li>
 * </ul>
 *
 * <p>Repeatable: every random choice comes from a {@link SplittableRandom} seeded from the
 * request's seed and the constraint, drawn on the searching thread in slot order, with one stream
 * per child slot. How an evaluator computes a batch (threads, order, remote workers) cannot change
 * the result, provided it gives the same numbers for the same architectures.
 *
 * <p>The finder holds no mutable state, so concurrent searches may share it; the evaluator counts
 * in their results then mix.
 */
public final class EvolutionFinder {

    private final LatencyEvaluator efficiencyPredictor;
    private final AccuracyEstimator accuracyPredictor;
    private final SearchSettings settings;

    public EvolutionFinder(LatencyEvaluator efficiencyPredictor, AccuracyEstimator accuracyPredictor,
                           SearchSettings settings) {
        this.efficiencyPredictor = Objects.requireNonNull(efficiencyPredictor, "efficiencyPredictor");
        this.accuracyPredictor = Objects.requireNonNull(accuracyPredictor, "accuracyPredictor");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public SearchSettings settings() {
        return settings;
    }

    public AccuracyEstimator accuracyPredictor() {
        return accuracyPredictor;
    }

    public LatencyEvaluator efficiencyPredictor() {
        return efficiencyPredictor;
    }

    /** Runs every constraint of the request to the end. */
    public SearchResult search(SearchRequest request) {
        return search(request, SearchListener.NONE, CancellationToken.none());
    }

    /**
     * Runs the request's constraints one after another, reporting each generation to
     * {@code listener} and stopping early when {@code cancellation} is cancelled: the constraint
     * being searched then ends {@link SearchStatus#CANCELLED} with its best so far, and the ones
     * after it {@code CANCELLED} with no architecture.
     */
    public SearchResult search(SearchRequest request, SearchListener listener, CancellationToken cancellation) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(cancellation, "cancellation");
        long start = System.nanoTime();
        EvaluatorStats before = efficiencyPredictor.stats();
        List<ConstraintResult> front = new ArrayList<>();
        List<Double> constraints = request.latencyConstraintsMs();
        for (int i = 0; i < constraints.size(); i++) {
            double constraint = constraints.get(i);
            ConstraintResult result = cancellation.isCancelled()
                    ? new ConstraintResult(constraint, SearchStatus.CANCELLED, null, Double.NaN, Double.NaN, 0, 0, 0,
                            Duration.ZERO, List.of())
                    : new Run(request, i, constraint, listener, cancellation, before).run();
            front.add(result);
            listener.onConstraintFinished(i, result);
        }
        return new SearchResult(request, front, accuracyPredictor.id(), accuracyPredictor.isSurrogate(),
                efficiencyPredictor.stats().since(before), Duration.ofNanos(System.nanoTime() - start));
    }

    /** The seed of one constraint's run: the request's seed mixed with the constraint, so runs are independent. */
    static long runSeed(long seed, double constraintMs) {
        return mix(mix(seed) ^ Double.doubleToLongBits(constraintMs));
    }

    /** SplitMix64's finaliser. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * The subnet of {@code space} with the fewest and smallest of everything: every depth, kernel
     * size, expand ratio and the resolution at their minimum (or as the space couples or pins
     * them). On a device where no gene makes a subnet faster by growing, the fastest subnet.
     */
    static Architecture smallest(SearchSpace space) {
        int minDepth = Arrays.stream(space.depths()).min().orElseThrow();
        int minKernel = Arrays.stream(space.kernelSizes()).min().orElseThrow();
        int minExpand = space.coupling() == SearchSpace.Coupling.COMPOUND
                ? space.coupledExpandRatio(minDepth)
                : Arrays.stream(space.expandRatios()).min().orElseThrow();
        int[] ks = new int[Architecture.MAX_LAYERS];
        int[] e = new int[Architecture.MAX_LAYERS];
        int[] d = new int[Architecture.STAGES];
        Arrays.fill(d, minDepth);
        for (int layer = 0; layer < Architecture.MAX_LAYERS; layer++) {
            int stage = layer / Architecture.MAX_DEPTH;
            ks[layer] = space.hasFixedKernels() ? space.fixedKernel(stage) : minKernel;
            e[layer] = minExpand;
        }
        return space.architecture(ks, e, d, Arrays.stream(space.resolutions()).min().orElseThrow());
    }

    /** Architectures within the constraint with their latencies, in slot order. */
    private record Slots(List<Architecture> archs, double[] latenciesMs) {

        /** Slots filled round by round. */
        static final class Builder {
            private final Architecture[] archs;
            private final double[] latenciesMs;

            Builder(int size) {
                archs = new Architecture[size];
                latenciesMs = new double[size];
            }

            /** Stores the proposals within the constraint in their slots; returns the slots still empty. */
            List<Integer> keepFeasible(List<Integer> pending, List<Architecture> proposals, double[] latencies,
                                       double constraint) {
                List<Integer> stillPending = new ArrayList<>();
                for (int i = 0; i < proposals.size(); i++) {
                    int slot = pending.get(i);
                    if (latencies[i] <= constraint) {
                        archs[slot] = proposals.get(i);
                        latenciesMs[slot] = latencies[i];
                    } else {
                        stillPending.add(slot);
                    }
                }
                return stillPending;
            }

            /** The filled slots, in slot order. */
            Slots filled() {
                List<Architecture> filled = new ArrayList<>(archs.length);
                double[] filledMs = new double[archs.length];
                for (int slot = 0; slot < archs.length; slot++) {
                    if (archs[slot] != null) {
                        filledMs[filled.size()] = latenciesMs[slot];
                        filled.add(archs[slot]);
                    }
                }
                return new Slots(filled, Arrays.copyOf(filledMs, filled.size()));
            }
        }
    }

    /** One member of a population: an architecture within the constraint, with its two scores. */
    private record Candidate(Architecture arch, double latencyMs, double accuracy) {
    }

    private static final Comparator<Candidate> MOST_ACCURATE_FIRST =
            Comparator.comparingDouble(Candidate::accuracy).reversed();

    /** The search for one constraint. */
    private final class Run {

        private final SearchSpace space;
        private final int index;
        private final double constraint;
        private final int batchSize;
        private final SearchListener listener;
        private final CancellationToken cancellation;
        private final EvaluatorStats searchStart;
        private final SplittableRandom rng;
        private final int[] resolutions;
        private final long startNanos = System.nanoTime();
        private final List<GenerationStats> history = new ArrayList<>();
        private long latencyEvaluations;
        private long accuracyEvaluations;
        private Architecture fastest;
        private double fastestMs = Double.POSITIVE_INFINITY;

        Run(SearchRequest request, int index, double constraint, SearchListener listener,
            CancellationToken cancellation, EvaluatorStats searchStart) {
            this.space = request.space();
            this.index = index;
            this.constraint = constraint;
            this.batchSize = request.batchSize();
            this.listener = listener;
            this.cancellation = cancellation;
            this.searchStart = searchStart;
            this.rng = new SplittableRandom(runSeed(request.seed(), constraint));
            this.resolutions = space.resolutions();
        }

        ConstraintResult run() {
            Slots initial = initialPopulation();
            if (initial == null) {
                return finish(SearchStatus.CANCELLED, null, 0);
            }
            if (initial.archs().isEmpty()) {
                Architecture smallest = smallest(space);
                double smallestMs = latencies(List.of(smallest))[0];
                if (smallestMs <= constraint) {
                    initial = new Slots(List.of(smallest), new double[] {smallestMs});
                } else if (fastest == null) {
                    return finish(SearchStatus.INFEASIBLE, null, 0);
                } else {
                    double accuracy = accuracies(List.of(fastest))[0];
                    return finish(SearchStatus.INFEASIBLE, new Candidate(fastest, fastestMs, accuracy), 0);
                }
            }
            List<Candidate> population = score(initial.archs(), initial.latenciesMs());
            for (int generation = 1; generation <= settings.generations(); generation++) {
                if (cancellation.isCancelled()) {
                    return finish(SearchStatus.CANCELLED, best(population), generation - 1);
                }
                population = breed(population, generation);
            }
            return finish(SearchStatus.FOUND, best(population), settings.generations());
        }

        /**
         * Random architectures within the constraint, in slot order; fewer than a population when
         * the rounds run out, empty when nothing fitted, {@code null} when cancelled.
         */
        private Slots initialPopulation() {
            int size = settings.population();
            SplittableRandom[] slotRng = new SplittableRandom[size];
            for (int slot = 0; slot < size; slot++) {
                slotRng[slot] = rng.split();
            }
            Slots.Builder slots = new Slots.Builder(size);
            List<Integer> pending = range(size);
            for (int round = 0; round <= settings.maxResampleAttempts() && !pending.isEmpty(); round++) {
                if (round > 0 && cancellation.isCancelled()) {
                    return null;
                }
                List<Architecture> proposals = new ArrayList<>(pending.size());
                for (int slot : pending) {
                    proposals.add(space.sample(slotRng[slot]));
                }
                pending = slots.keepFeasible(pending, proposals, latencies(proposals), constraint);
            }
            return slots.filled();
        }

        /** One generation: parents, then children in bounded rounds, then the new population. */
        private List<Candidate> breed(List<Candidate> population, int generation) {
            List<Candidate> sorted = new ArrayList<>(population);
            sorted.sort(MOST_ACCURATE_FIRST);
            List<Candidate> parents = sorted.subList(0, Math.min(settings.parentCount(), sorted.size()));
            int slots = settings.population();
            int mutations = settings.mutationCount();
            SplittableRandom generationRng = rng.split();
            SplittableRandom[] slotRng = new SplittableRandom[slots];
            Architecture[] first = new Architecture[slots];
            Architecture[] second = new Architecture[slots];
            for (int slot = 0; slot < slots; slot++) {
                slotRng[slot] = generationRng.split();
                first[slot] = parents.get(slotRng[slot].nextInt(parents.size())).arch();
                if (slot >= mutations) {
                    second[slot] = parents.get(slotRng[slot].nextInt(parents.size())).arch();
                }
            }
            Slots.Builder chosen = new Slots.Builder(slots);
            List<Integer> pending = range(slots);
            int candidates = 0;
            for (int round = 0; round <= settings.maxResampleAttempts() && !pending.isEmpty(); round++) {
                List<Architecture> proposals = new ArrayList<>(pending.size());
                for (int slot : pending) {
                    proposals.add(slot < mutations
                            ? mutate(first[slot], slotRng[slot])
                            : space.crossover(first[slot], second[slot], slotRng[slot]));
                }
                candidates += proposals.size();
                pending = chosen.keepFeasible(pending, proposals, latencies(proposals), constraint);
            }
            Slots children = chosen.filled();
            List<Candidate> next = new ArrayList<>(parents.size() + children.archs().size());
            next.addAll(parents);
            next.addAll(score(children.archs(), children.latenciesMs()));
            record(generation, next, candidates, children.archs().size(), pending.size());
            return next;
        }

        /** OFA's mutation: the resolution redrawn with its own probability, then {@link SearchSpace#mutate}. */
        private Architecture mutate(Architecture parent, SplittableRandom slotRng) {
            Architecture base = parent;
            if (slotRng.nextDouble() < settings.resolutionMutationProbability()) {
                base = parent.withResolution(resolutions[slotRng.nextInt(resolutions.length)]);
            }
            return space.mutate(base, settings.mutationProbability(), slotRng);
        }

        private double[] latencies(List<Architecture> archs) {
            double[] latencies = efficiencyPredictor.latenciesMs(archs, batchSize);
            if (latencies.length != archs.size()) {
                throw new IllegalStateException("latency evaluator " + efficiencyPredictor + " answered "
                        + latencies.length + " latencies for " + archs.size() + " architectures");
            }
            latencyEvaluations += archs.size();
            for (int i = 0; i < latencies.length; i++) {
                if (latencies[i] < fastestMs) {
                    fastestMs = latencies[i];
                    fastest = archs.get(i);
                }
            }
            return latencies;
        }

        private double[] accuracies(List<Architecture> archs) {
            if (archs.isEmpty()) {
                return new double[0];
            }
            double[] accuracies = accuracyPredictor.accuracy(archs);
            if (accuracies.length != archs.size()) {
                throw new IllegalStateException("accuracy estimator " + accuracyPredictor.id() + " answered "
                        + accuracies.length + " accuracies for " + archs.size() + " architectures");
            }
            for (int i = 0; i < accuracies.length; i++) {
                if (Double.isNaN(accuracies[i])) {
                    throw new IllegalStateException("accuracy estimator " + accuracyPredictor.id()
                            + " answered NaN for " + archs.get(i));
                }
            }
            accuracyEvaluations += archs.size();
            return accuracies;
        }

        private List<Candidate> score(List<Architecture> archs, double[] latencies) {
            double[] accuracies = accuracies(archs);
            List<Candidate> scored = new ArrayList<>(archs.size());
            for (int i = 0; i < archs.size(); i++) {
                scored.add(new Candidate(archs.get(i), latencies[i], accuracies[i]));
            }
            return scored;
        }

        private void record(int generation, List<Candidate> population, int candidates, int feasible, int unfilled) {
            Candidate best = best(population);
            double sum = 0;
            for (Candidate c : population) {
                sum += c.accuracy();
            }
            GenerationStats stats = new GenerationStats(generation, best.accuracy(), sum / population.size(),
                    best.latencyMs(), candidates, feasible, unfilled, latencyEvaluations,
                    efficiencyPredictor.stats().since(searchStart).cacheHits());
            history.add(stats);
            listener.onGeneration(new SearchProgress(index, constraint, settings.generations(), stats));
        }

        private ConstraintResult finish(SearchStatus status, Candidate best, int generations) {
            Duration wall = Duration.ofNanos(System.nanoTime() - startNanos);
            if (best == null) {
                return new ConstraintResult(constraint, status, null, Double.NaN, Double.NaN, generations,
                        latencyEvaluations, accuracyEvaluations, wall, history);
            }
            return new ConstraintResult(constraint, status, best.arch(), best.accuracy(), best.latencyMs(), generations,
                    latencyEvaluations, accuracyEvaluations, wall, history);
        }
    }

    /** The first most accurate member; population order breaks ties. */
    private static Candidate best(List<Candidate> population) {
        Candidate best = population.get(0);
        for (Candidate c : population) {
            if (c.accuracy() > best.accuracy()) {
                best = c;
            }
        }
        return best;
    }

    private static List<Integer> range(int n) {
        List<Integer> all = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            all.add(i);
        }
        return all;
    }
}
