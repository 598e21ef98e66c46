package io.latnas.experiment;

import io.latnas.search.SearchStatus;
import io.latnas.space.Architecture;

import java.time.Duration;

/**
 * One search of the NAS experiment: a space, a latency strategy and a constraint.
 *
 * @param status             how the search ended ({@code INFEASIBLE}: nothing fitted by this strategy's latencies)
 * @param architecture       the winner, {@code null} when there is none
 * @param surrogateTop1      the winner's estimated top-1 in percent from the accuracy surrogate (not a measured accuracy)
 * @param predictedMs        the winner's latency by the strategy the search used
 * @param referenceMs        the winner's latency by the noise-free reference (lookup-table sum or noise-free simulation)
 * @param searchTime         wall time of the search
 * @param latencyEvaluations architectures the search asked the strategy about, repeats included
 * @param cacheHitRate       share of those the memo answered; 0 for strategies without a memo
 */
public record NasCell(String spaceId, NasStrategy strategy, double constraintMs, SearchStatus status,
                      Architecture architecture, double surrogateTop1, double predictedMs, double referenceMs,
                      Duration searchTime, long latencyEvaluations, double cacheHitRate) {

    /** Whether the winner is within the constraint by the strategy's own latencies. */
    public boolean withinConstraint() {
        return architecture != null && predictedMs <= constraintMs;
    }

    /** Whether the winner is within the constraint by the reference latency. */
    public boolean referenceWithinConstraint() {
        return architecture != null && referenceMs <= constraintMs;
    }
}
