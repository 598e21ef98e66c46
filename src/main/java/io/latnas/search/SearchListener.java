package io.latnas.search;

/**
 * Receives a search's progress as it happens, on the searching thread: one call per generation of
 * each constraint, and one when each constraint's run ends. Keep it quick; an actor forwards the
 * events as messages.
 */
@FunctionalInterface
public interface SearchListener {

    /** Ignores everything. */
    SearchListener NONE = progress -> { };

    void onGeneration(SearchProgress progress);

    /** A constraint's run has ended (found, infeasible or cancelled). */
    default void onConstraintFinished(int constraintIndex, ConstraintResult result) {
    }
}
