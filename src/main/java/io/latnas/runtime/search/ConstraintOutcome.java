package io.latnas.runtime.search;

import io.latnas.search.SearchStatus;
import io.latnas.space.Architecture;

/**
 * The winner for one latency constraint, as a client sees it.
 *
 * @param status             how this constraint's run ended
 * @param architecture       the most accurate architecture within the constraint (the fastest seen when
 *                           {@code INFEASIBLE}); null when there is none
 * @param accuracy           its estimated top-1 in percent, NaN without an architecture
 * @param accuracySurrogate  whether that estimate is a surrogate's, not a trained predictor's
 * @param latencyMs          its latency by the search's strategy, NaN without an architecture
 * @param generations        generations run
 * @param latencyEvaluations architectures sent to the latency strategy, repeats included
 * @param cacheHits          of those, answered from a cache (the search's memo or a pool's node-wide cache)
 * @param wallTimeMs         time this constraint's run took
 */
public record ConstraintOutcome(double constraintMs, SearchStatus status, Architecture architecture, double accuracy,
                                boolean accuracySurrogate, double latencyMs, int generations,
                                long latencyEvaluations, long cacheHits, long wallTimeMs) {

    /** Share of latency evaluations answered from a cache. */
    public double cacheHitRate() {
        return latencyEvaluations == 0 ? 0 : (double) cacheHits / latencyEvaluations;
    }
}
