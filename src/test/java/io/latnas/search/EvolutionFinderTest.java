package io.latnas.search;

import io.latnas.accuracy.AccuracyEstimator;
import io.latnas.accuracy.SurrogateAccuracy;
import io.latnas.latency.SimulatedDevice;
import io.latnas.space.Architecture;
import io.latnas.space.SearchSpace;
import io.latnas.space.SearchSpaces;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EvolutionFinderTest {

    private static final SearchSpace OFA = SearchSpaces.OFA_W10;
    private static final SearchSpace FIXED = SearchSpaces.COMPOFA_FIXED;
    private static final SearchSettings SMALL = Fixtures.SMALL;

    private static EvolutionFinder finder(SearchSpace space, SearchSettings settings) {
        return new EvolutionFinder(new MemoizingLatencyEvaluator(new LatencySourceEvaluator(Fixtures.note10(space)),
                100_000), SurrogateAccuracy.forSpace(space), settings);
    }

    private static SearchRequest request(SearchSpace space, long seed, double... constraintsMs) {
        return SearchRequest.of(space, SMALL, constraintsMs).withSeed(seed);
    }

    /** Everything a result says except how long it took and what the evaluator remembered. */
    private static List<Object> fingerprint(SearchResult result) {
        List<Object> all = new ArrayList<>();
        for (ConstraintResult r : result.front()) {
            all.add(List.of(r.constraintMs(), r.status(), String.valueOf(r.architecture()), r.accuracy(), r.latencyMs(),
                    r.generations(), r.latencyEvaluations(), r.accuracyEvaluations()));
            for (GenerationStats g : r.history()) {
                all.add(List.of(g.generation(), g.bestAccuracy(), g.meanAccuracy(), g.bestLatencyMs(), g.candidates(),
                        g.feasible(), g.unfilled(), g.evaluations()));
            }
        }
        return all;
    }

    /** Answers like the device, but computes each batch on a thread pool, back to front. */
    private static final class ThreadedEvaluator implements LatencyEvaluator {
        private final SimulatedDevice device;
        private final ExecutorService pool = Executors.newFixedThreadPool(3);

        ThreadedEvaluator(SimulatedDevice device) {
            this.device = device;
        }

        @Override
        public double[] latenciesMs(List<Architecture> archs, int batchSize) {
            List<Future<Double>> futures = new ArrayList<>();
            for (int i = archs.size() - 1; i >= 0; i--) {
                Architecture a = archs.get(i);
                futures.add(pool.submit(() -> device.exactLatencyMs(a, batchSize)));
            }
            double[] out = new double[archs.size()];
            try {
                for (int i = 0; i < out.length; i++) {
                    out[archs.size() - 1 - i] = futures.get(i).get();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return out;
        }
    }

    @Test
    void sameSeedAndInputsGiveTheSameResult() {
        SearchRequest request = request(OFA, 7, 15, 25);
        SearchResult first = finder(OFA, SMALL).search(request);
        SearchResult second = finder(OFA, SMALL).search(request);
        assertThat(fingerprint(second)).isEqualTo(fingerprint(first));
    }

    @Test
    void resultDoesNotDependOnHowTheEvaluatorComputes() {
        SearchRequest request = request(OFA, 11, 18);
        SearchResult plain = finder(OFA, SMALL).search(request);
        ThreadedEvaluator threaded = new ThreadedEvaluator(Fixtures.note10(OFA));
        try {
            SearchResult viaPool = new EvolutionFinder(threaded, SurrogateAccuracy.forSpace(OFA), SMALL).search(request);
            SearchResult unmemoised = new EvolutionFinder(new LatencySourceEvaluator(Fixtures.note10(OFA)),
                    SurrogateAccuracy.forSpace(OFA), SMALL).search(request);
            assertThat(fingerprint(viaPool)).isEqualTo(fingerprint(plain));
            assertThat(fingerprint(unmemoised)).isEqualTo(fingerprint(plain));
        } finally {
            threaded.pool.shutdownNow();
        }
    }

    @Test
    void anotherSeedSearchesDifferently() {
        SearchResult a = finder(OFA, SMALL).search(request(OFA, 1, 20));
        SearchResult b = finder(OFA, SMALL).search(request(OFA, 2, 20));
        assertThat(fingerprint(b)).isNotEqualTo(fingerprint(a));
    }

    @Test
    void aConstraintsWinnerDoesNotDependOnTheOtherConstraints() {
        SearchResult both = finder(OFA, SMALL).search(request(OFA, 3, 14, 22));
        SearchResult alone = finder(OFA, SMALL).search(request(OFA, 3, 22));
        assertThat(fingerprint(alone)).isEqualTo(fingerprint(both).subList(1 + SMALL.generations(),
                fingerprint(both).size()));
    }

    @Test
    void everyWinnerIsWithinItsConstraintAndInItsSpace() {
        for (SearchSpace space : SearchSpaces.all()) {
            SimulatedDevice device = Fixtures.note10(space);
            double smallest = device.exactLatencyMs(EvolutionFinder.smallest(space), 1);
            double[] constraints = {smallest * 1.5, smallest * 2, smallest * 3};
            SearchResult result = finder(space, SMALL).search(request(space, 5, constraints));

            assertThat(result.front()).hasSize(3);
            for (ConstraintResult r : result.front()) {
                assertThat(r.status()).as("%s at %.1f ms", space, r.constraintMs()).isEqualTo(SearchStatus.FOUND);
                assertThat(space.contains(r.architecture())).as("%s: %s", space, r.architecture()).isTrue();
                assertThat(r.latencyMs()).isLessThanOrEqualTo(r.constraintMs());
                assertThat(r.latencyMs()).isEqualTo(device.exactLatencyMs(r.architecture(), 1));
                assertThat(r.accuracy()).isEqualTo(SurrogateAccuracy.forSpace(space).top1(r.architecture()));
                assertThat(r.generations()).isEqualTo(SMALL.generations());
            }
        }
    }

    @Test
    void looserConstraintsNeverGiveLowerAccuracy() {
        double[] constraints = {14, 17, 20, 23, 26, 30, 35, 45};
        SearchResult result = finder(FIXED, SMALL.withBudget(30, 30)).search(request(FIXED, 9, constraints));
        double[] best = result.front().stream().mapToDouble(ConstraintResult::accuracy).toArray();
        for (int i = 1; i < best.length; i++) {
            assertThat(best[i]).as("%s ms vs %s ms", constraints[i], constraints[i - 1]).isGreaterThanOrEqualTo(best[i - 1]);
        }
        assertThat(best[best.length - 1]).isGreaterThan(best[0]);
    }

    @Test
    void comesCloseToTheBestSubnetOfTheFixedKernelSpace() {
        SimulatedDevice device = Fixtures.note10(FIXED);
        SurrogateAccuracy surrogate = SurrogateAccuracy.forSpace(FIXED);
        double[] constraints = {14, 20, 25, 30};
        SearchResult result = finder(FIXED, SMALL.withBudget(30, 30)).search(request(FIXED, 4, constraints));
        for (int i = 0; i < constraints.length; i++) {
            double bestByEnumeration = Double.NEGATIVE_INFINITY;
            for (int r : FIXED.resolutions()) {
                for (Architecture a : FIXED.enumerate(r)) {
                    if (device.exactLatencyMs(a, 1) <= constraints[i]) {
                        bestByEnumeration = Math.max(bestByEnumeration, surrogate.top1(a));
                    }
                }
            }
            // At 30 x 30 the search lands within 0.31 points of the optimum for every seed 0..19
            // we tried; it reaches the optimum itself for some seeds only.
            assertThat(result.forConstraint(i).accuracy()).as("%s ms", constraints[i])
                    .isLessThanOrEqualTo(bestByEnumeration)
                    .isGreaterThan(bestByEnumeration - 0.5);
        }
    }

    @Test
    @Timeout(60)
    void constraintBelowTheFastestSubnetIsReportedInfeasibleWithTheFastestLatency() {
        SimulatedDevice device = Fixtures.note10(OFA);
        Architecture smallest = EvolutionFinder.smallest(OFA);
        ConstraintResult r = finder(OFA, SMALL).search(request(OFA, 1, 2.0)).forConstraint(0);

        assertThat(r.status()).isEqualTo(SearchStatus.INFEASIBLE);
        assertThat(r.architecture()).isEqualTo(smallest);
        assertThat(r.latencyMs()).isEqualTo(device.exactLatencyMs(smallest, 1)).isGreaterThan(2.0);
        assertThat(r.satisfiesConstraint()).isFalse();
        assertThat(r.generations()).isZero();
        assertThat(r.history()).isEmpty();
        // Bounded: a population's worth of samples per round, 1 + max-resample-attempts rounds, one probe.
        assertThat(r.latencyEvaluations())
                .isLessThanOrEqualTo((long) SMALL.population() * (1 + SMALL.maxResampleAttempts()) + 1);
    }

    @Test
    void constraintOnlyTheSmallestSubnetsMeetIsStillSearched() {
        SimulatedDevice device = Fixtures.note10(OFA);
        double constraint = device.exactLatencyMs(EvolutionFinder.smallest(OFA), 1) * 1.02;
        ConstraintResult r = finder(OFA, SMALL).search(request(OFA, 1, constraint)).forConstraint(0);

        assertThat(r.status()).isEqualTo(SearchStatus.FOUND);
        assertThat(r.latencyMs()).isLessThanOrEqualTo(constraint);
        assertThat(OFA.contains(r.architecture())).isTrue();
    }

    @Test
    void cancellationStopsBetweenGenerations() {
        CancellationToken token = new CancellationToken();
        List<SearchProgress> events = new ArrayList<>();
        SearchListener listener = progress -> {
            events.add(progress);
            if (progress.stats().generation() == 3) {
                token.cancel();
            }
        };
        SearchResult result = finder(OFA, SMALL).search(request(OFA, 1, 20, 30), listener, token);

        assertThat(result.cancelled()).isTrue();
        ConstraintResult first = result.forConstraint(0);
        assertThat(first.status()).isEqualTo(SearchStatus.CANCELLED);
        assertThat(first.generations()).isEqualTo(3);
        assertThat(first.history()).hasSize(3);
        assertThat(first.satisfiesConstraint()).isTrue();
        ConstraintResult second = result.forConstraint(1);
        assertThat(second.status()).isEqualTo(SearchStatus.CANCELLED);
        assertThat(second.hasArchitecture()).isFalse();
        assertThat(second.generations()).isZero();
        assertThat(events).hasSize(3);
    }

    @Test
    void historyHasOneEntryPerGenerationAndTheBestNeverGetsWorse() {
        List<SearchProgress> events = new ArrayList<>();
        SearchResult result = finder(FIXED, SMALL).search(request(FIXED, 2, 22, 30), events::add,
                CancellationToken.none());

        for (int c = 0; c < 2; c++) {
            List<GenerationStats> history = result.forConstraint(c).history();
            assertThat(history).hasSize(SMALL.generations());
            for (int g = 0; g < history.size(); g++) {
                GenerationStats s = history.get(g);
                assertThat(s.generation()).isEqualTo(g + 1);
                assertThat(s.meanAccuracy()).isLessThanOrEqualTo(s.bestAccuracy());
                assertThat(s.bestLatencyMs()).isLessThanOrEqualTo(result.forConstraint(c).constraintMs());
                assertThat(s.feasibleShare()).isBetween(0.0, 1.0);
                assertThat(s.feasible() + s.unfilled()).isEqualTo(SMALL.population());
                if (g > 0) {
                    GenerationStats before = history.get(g - 1);
                    assertThat(s.bestAccuracy()).isGreaterThanOrEqualTo(before.bestAccuracy());
                    assertThat(s.evaluations()).isEqualTo(before.evaluations() + s.candidates());
                    assertThat(s.cacheHits()).isGreaterThanOrEqualTo(before.cacheHits());
                }
            }
            ConstraintResult r = result.forConstraint(c);
            assertThat(r.accuracy()).isEqualTo(history.get(history.size() - 1).bestAccuracy());
            assertThat(r.latencyEvaluations()).isEqualTo(history.get(history.size() - 1).evaluations());
        }
        assertThat(events).hasSize(2 * SMALL.generations());
        assertThat(events.get(SMALL.generations()).constraintIndex()).isEqualTo(1);
        assertThat(events.get(0).stats()).isEqualTo(result.forConstraint(0).history().get(0));
    }

    @Test
    void withoutReProposalsASlotWhoseChildIsTooSlowStaysEmpty() {
        SearchSettings once = SMALL.withMaxResampleAttempts(0);
        ConstraintResult r = finder(OFA, once).search(request(OFA, 6, 12)).forConstraint(0);

        assertThat(r.status()).isEqualTo(SearchStatus.FOUND);
        assertThat(r.history()).allSatisfy(g -> {
            assertThat(g.candidates()).isEqualTo(once.population());
            assertThat(g.feasible() + g.unfilled()).isEqualTo(once.population());
        });
        assertThat(r.history()).anySatisfy(g -> assertThat(g.unfilled()).isPositive());
        assertThat(r.latencyMs()).isLessThanOrEqualTo(12);
    }

    @Test
    void memoisedEvaluatorReportsCacheHitsInASmallSpace() {
        SearchResult result = finder(FIXED, SMALL).search(request(FIXED, 2, 30));
        List<GenerationStats> history = result.forConstraint(0).history();
        // 4131 subnets in all: a converging population keeps proposing ones it has seen.
        assertThat(history.get(history.size() - 1).cacheHits()).isPositive();
        assertThat(result.evaluatorStats().hitRate()).isGreaterThan(0.3);
    }

    @Test
    void resultSaysWhichAccuracyEstimatorScoredIt() {
        SearchResult result = finder(OFA, SMALL.withBudget(10, 2)).search(request(OFA, 1, 20));
        assertThat(result.accuracyEstimatorId()).isEqualTo(SurrogateAccuracy.ID);
        assertThat(result.accuracySurrogate()).isTrue();
    }

    @Test
    void evaluatesAWholeGenerationPerCall() {
        List<Integer> batchSizes = new ArrayList<>();
        SimulatedDevice device = Fixtures.note10(OFA);
        LatencyEvaluator recording = (archs, batch) -> {
            batchSizes.add(archs.size());
            return device.latenciesMs(archs, batch);
        };
        List<Integer> accuracyBatches = new ArrayList<>();
        SurrogateAccuracy surrogate = SurrogateAccuracy.forSpace(OFA);
        AccuracyEstimator recordingAccuracy = new AccuracyEstimator() {
            @Override
            public String id() {
                return surrogate.id();
            }

            @Override
            public boolean isSurrogate() {
                return true;
            }

            @Override
            public double[] accuracy(List<Architecture> archs) {
                accuracyBatches.add(archs.size());
                return surrogate.accuracy(archs);
            }
        };
        // A constraint every subnet meets: one latency call and one accuracy call per generation.
        new EvolutionFinder(recording, recordingAccuracy, SMALL).search(request(OFA, 1, 1000));
        assertThat(batchSizes).hasSize(1 + SMALL.generations()).containsOnly(SMALL.population());
        assertThat(accuracyBatches).hasSize(1 + SMALL.generations()).containsOnly(SMALL.population());
    }

    @Test
    void rejectsAnEvaluatorThatAnswersTheWrongNumberOfLatencies() {
        LatencyEvaluator broken = (archs, batch) -> new double[archs.size() - 1];
        EvolutionFinder finder = new EvolutionFinder(broken, SurrogateAccuracy.forSpace(OFA), SMALL);
        assertThatThrownBy(() -> finder.search(request(OFA, 1, 20)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("latencies for 20 architectures");
    }

    @Test
    void smallestSubnetTakesTheLeastOfEveryGene() {
        Architecture a = EvolutionFinder.smallest(OFA);
        assertThat(a.depths()).containsOnly(2);
        assertThat(a.resolution()).isEqualTo(128);
        assertThat(Arrays.stream(a.kernelSizes()).filter(k -> k != 0)).containsOnly(3);
        Architecture fixed = EvolutionFinder.smallest(FIXED);
        assertThat(FIXED.contains(fixed)).isTrue();
        assertThat(fixed.resolution()).isEqualTo(160);
    }
}
