package io.latnas.search;

/**
 * Counts a {@link LatencyEvaluator} reports about itself since it was built.
 *
 * @param evaluations architectures asked about, repeats included
 * @param cacheHits   answers served from memory without asking the underlying source
 * @param cacheMisses answers the underlying source had to compute
 * @param evictions   memoised answers dropped to stay within the cache size
 */
public record EvaluatorStats(long evaluations, long cacheHits, long cacheMisses, long evictions) {

    /** An evaluator that keeps no counts. */
    public static final EvaluatorStats NONE = new EvaluatorStats(0, 0, 0, 0);

    /** Share of lookups served from memory, or 0 before the first lookup. */
    public double hitRate() {
        long lookups = cacheHits + cacheMisses;
        return lookups == 0 ? 0 : (double) cacheHits / lookups;
    }

    /** What happened between {@code earlier} and this snapshot. */
    public EvaluatorStats since(EvaluatorStats earlier) {
        return new EvaluatorStats(evaluations - earlier.evaluations, cacheHits - earlier.cacheHits,
                cacheMisses - earlier.cacheMisses, evictions - earlier.evictions);
    }
}
