package io.latnas.search;

/**
 * One generation of the search for one constraint, summarised after its children joined the
 * population.
 *
 * @param generation    1-based; generation 0, the random initial population, is not listed
 * @param bestAccuracy  highest estimated top-1 in the population, percent
 * @param meanAccuracy  mean estimated top-1 of the population (parents and new children), percent
 * @param bestLatencyMs latency of the most accurate architecture in the population
 * @param candidates    children proposed this generation, re-proposals included
 * @param feasible      of those, how many were within the constraint
 * @param unfilled      child slots left empty because every proposal broke the constraint
 * @param evaluations   latency evaluations asked for by this constraint's run so far, initial population included
 * @param cacheHits     latency answers the evaluator served from memory since the whole search began
 *                      (0 when the evaluator keeps no count)
 */
public record GenerationStats(int generation, double bestAccuracy, double meanAccuracy, double bestLatencyMs,
                              int candidates, int feasible, int unfilled, long evaluations, long cacheHits) {

    /** Share of this generation's candidates that were within the constraint. */
    public double feasibleShare() {
        return candidates == 0 ? 0 : (double) feasible / candidates;
    }
}
