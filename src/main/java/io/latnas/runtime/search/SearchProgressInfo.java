package io.latnas.runtime.search;

import io.latnas.space.Architecture;

/**
 * Where a running search is: the constraint being searched and its latest generation.
 *
 * @param constraintIndex  position of the constraint in the request
 * @param constraints      constraints in the request
 * @param generation       generations finished for this constraint (1-based)
 * @param bestAccuracy     estimated top-1 of the best architecture so far within the constraint, percent
 * @param bestLatencyMs    its latency
 * @param bestArchitecture that architecture
 * @param evaluations      latency evaluations of this constraint's run so far
 * @param cacheHits        latency answers served from a cache since the search began
 */
public record SearchProgressInfo(int constraintIndex, int constraints, double constraintMs, int generation,
                                 int generations, double bestAccuracy, double bestLatencyMs,
                                 Architecture bestArchitecture, long evaluations, long cacheHits) {
}
