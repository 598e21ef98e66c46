package io.latnas.search;

import io.latnas.space.Architecture;

import java.time.Duration;
import java.util.List;

/**
 * The winner for one latency constraint.
 *
 * @param constraintMs        the latency bound searched under
 * @param status              how the search ended
 * @param architecture        the most accurate architecture within the constraint ({@code FOUND},
 *                            {@code CANCELLED}); the fastest one seen ({@code INFEASIBLE}); {@code null}
 *                            when cancelled before anything within the constraint was seen, or when the
 *                            evaluator gave no usable latency at all
 * @param accuracy            its estimated top-1 in percent, NaN when there is no architecture
 * @param latencyMs           its latency by the evaluator, NaN when there is no architecture
 * @param generations         generations run
 * @param latencyEvaluations  architectures sent to the latency evaluator, repeats included
 * @param accuracyEvaluations architectures sent to the accuracy estimator
 * @param wallTime            time this constraint's run took
 * @param history             one entry per generation run
 */
public record ConstraintResult(double constraintMs, SearchStatus status, Architecture architecture, double accuracy,
                               double latencyMs, int generations, long latencyEvaluations, long accuracyEvaluations,
                               Duration wallTime, List<GenerationStats> history) {

    public ConstraintResult {
        history = List.copyOf(history);
    }

    public boolean hasArchitecture() {
        return architecture != null;
    }

    /** Whether the reported architecture is within the constraint. */
    public boolean satisfiesConstraint() {
        return architecture != null && latencyMs <= constraintMs;
    }
}
