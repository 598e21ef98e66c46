package io.latnas.runtime.search;

/** Where a search submitted to a {@link SearchSupervisor} stands. */
public enum SearchState {
    /** Accepted, waiting for one of the concurrent search slots. */
    QUEUED,
    /** Searching (or waiting for the actors its latencies come from). */
    RUNNING,
    /** Every constraint ran to its end. */
    DONE,
    /** Stopped by an error; the failure says why, and the result holds what was found before it. */
    FAILED,
    /** Cancelled by a client; the result holds the best found before. */
    CANCELLED;

    public boolean finished() {
        return this == DONE || this == FAILED || this == CANCELLED;
    }
}
