package io.latnas.search;

/** How the search for one latency constraint ended. */
public enum SearchStatus {
    /** It ran all its generations; the architecture is the most accurate one found within the constraint. */
    FOUND,
    /**
     * No architecture within the constraint turned up in the bounded initial sampling, nor was the
     * space's smallest subnet fast enough; the architecture is the fastest one seen, and its latency
     * exceeds the constraint.
     */
    INFEASIBLE,
    /**
     * Cancelled before it ran all its generations; the architecture, when there is one, is the best
     * found so far and is within the constraint.
     */
    CANCELLED
}
