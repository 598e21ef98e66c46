package io.latnas.runtime.search;

import java.util.List;

/**
 * A search's result: one outcome per constraint, in the request's order, and what produced the numbers.
 *
 * @param accuracyEstimatorId the accuracy estimator's id, e.g. {@code surrogate-ofa-mbv3-top1}
 * @param accuracySurrogate   whether its accuracies are a surrogate's
 * @param latencySource       where latencies came from, e.g. {@code predictor+memo simulated:rtx2080ti@ofa-mbv3-w1.0}
 * @param latencyEvaluations  architectures sent to the latency strategy over the whole search
 * @param cacheHits           of those, answered from a cache
 * @param wallTimeMs          time the whole search took
 */
public record SearchOutcome(List<ConstraintOutcome> front, String accuracyEstimatorId, boolean accuracySurrogate,
                            String latencySource, long latencyEvaluations, long cacheHits, long wallTimeMs) {

    public SearchOutcome {
        front = List.copyOf(front);
    }

    /** Share of latency evaluations answered from a cache. */
    public double cacheHitRate() {
        return latencyEvaluations == 0 ? 0 : (double) cacheHits / latencyEvaluations;
    }
}
