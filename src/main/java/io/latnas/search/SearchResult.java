package io.latnas.search;

import java.time.Duration;
import java.util.List;

/**
 * The outcome of one {@link SearchRequest}: one {@link ConstraintResult} per constraint, in the
 * request's order (the accuracy-latency front), and which accuracy estimator scored them.
 *
 * @param accuracyEstimatorId the estimator's id, e.g. {@code surrogate-ofa-mbv3-top1}
 * @param accuracySurrogate   whether the accuracies are a surrogate's rather than a trained predictor's
 * @param evaluatorStats      what the latency evaluator did during this search
 */
public record SearchResult(SearchRequest request, List<ConstraintResult> front, String accuracyEstimatorId,
                           boolean accuracySurrogate, EvaluatorStats evaluatorStats, Duration wallTime) {

    public SearchResult {
        front = List.copyOf(front);
    }

    /** Whether the search was cancelled before every constraint ran to the end. */
    public boolean cancelled() {
        return front.stream().anyMatch(r -> r.status() == SearchStatus.CANCELLED);
    }

    /** The result for the constraint at {@code index} in the request. */
    public ConstraintResult forConstraint(int index) {
        return front.get(index);
    }
}
