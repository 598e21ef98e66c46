package io.latnas.runtime.search;

import io.latnas.accuracy.AccuracyEstimator;
import io.latnas.search.EvaluatorStats;
import io.latnas.search.LatencyEvaluator;
import io.latnas.space.Architecture;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Remembers the best architecture of the constraint being searched, so that progress events can name it
 * and a search cancelled in the middle of a generation can still report it. It wraps the finder's
 * evaluator and estimator, so the finder stays unaware of it.
 *
 * <p>Why watching the estimator suffices: the finder scores only architectures within the constraint,
 * and keeps the most accurate parents every generation, so its population's best is the most accurate
 * architecture it has scored. Latencies are remembered from the evaluator calls since the last scoring,
 * which are those of the architectures scored next. Used on the search's thread; read by the search's
 * actor only after the search has ended or through the events it sends.
 */
final class BestSoFar {

    /** The most accurate architecture scored so far in the current constraint's run. */
    record Best(Architecture architecture, double accuracy, double latencyMs) {
    }

    private final Map<Architecture, Double> recentLatencies = new HashMap<>();
    private volatile Best best;

    /** {@code inner}, remembering its answers until the next scoring. */
    LatencyEvaluator latency(LatencyEvaluator inner) {
        return new LatencyEvaluator() {
            @Override
            public double[] latenciesMs(List<Architecture> archs, int batchSize) {
                double[] ms = inner.latenciesMs(archs, batchSize);
                for (int i = 0; i < ms.length && i < archs.size(); i++) {
                    recentLatencies.put(archs.get(i), ms[i]);
                }
                return ms;
            }

            @Override
            public EvaluatorStats stats() {
                return inner.stats();
            }

            @Override
            public String toString() {
                return inner.toString();
            }
        };
    }

    /** {@code inner}, watching for a new best. */
    AccuracyEstimator accuracy(AccuracyEstimator inner) {
        return new AccuracyEstimator() {
            @Override
            public String id() {
                return inner.id();
            }

            @Override
            public boolean isSurrogate() {
                return inner.isSurrogate();
            }

            @Override
            public double[] accuracy(List<Architecture> archs) {
                double[] accuracies = inner.accuracy(archs);
                Best current = best;
                for (int i = 0; i < accuracies.length && i < archs.size(); i++) {
                    if (current == null || accuracies[i] > current.accuracy()) {
                        current = new Best(archs.get(i), accuracies[i],
                                recentLatencies.getOrDefault(archs.get(i), Double.NaN));
                    }
                }
                best = current;
                recentLatencies.clear();
                return accuracies;
            }
        };
    }

    /** The best so far, or null before anything was scored. */
    Best best() {
        return best;
    }

    /** Forgets everything, for the next constraint. */
    void reset() {
        best = null;
        recentLatencies.clear();
    }
}
