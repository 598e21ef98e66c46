package io.latnas.http.dto;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * {@code GET /v1/searches/{id}}: a search's request, where it stands and, once ended, its result.
 * Numbers that do not exist (an accuracy without an architecture) are null.
 *
 * @param state         {@code queued}, {@code running}, {@code done}, {@code failed} or {@code cancelled}
 * @param progress      the latest generation, null before the first
 * @param finished      the constraints finished so far
 * @param result        once ended: one outcome per constraint, with what a cancelled or failed search had found
 * @param failure       why it failed, or null
 */
public record SearchView(String id, String state, int queuePosition, Spec request, Progress progress,
                         List<Outcome> finished, Result result, String failure, String submittedAt,
                         String startedAt, String finishedAt) {

    /** The request as the supervisor runs it, defaults filled in. */
    public record Spec(String space, String hardware, int batch, List<Double> constraintsMs, String strategy,
                       String model, int population, int generations, long seed) {
    }

    /**
     * @param constraintIndex which constraint is being searched (0-based)
     * @param generation      generations finished for it (1-based)
     */
    public record Progress(int constraintIndex, int constraints, double constraintMs, int generation, int generations,
                           Double bestAccuracy, Double bestLatencyMs, JsonNode bestArchitecture, long evaluations,
                           long cacheHits) {
    }

    /**
     * The winner for one constraint.
     *
     * @param status       how this constraint's run ended ({@code found}, {@code infeasible}, {@code cancelled}, ...)
     * @param architecture in OFA's JSON form; null when none was found
     */
    public record Outcome(double constraintMs, String status, JsonNode architecture, Double accuracy,
                          boolean accuracySurrogate, Double latencyMs, int generations, long latencyEvaluations,
                          long cacheHits, double cacheHitRate, long wallTimeMs) {
    }

    public record Result(List<Outcome> front, String accuracyEstimator, boolean accuracySurrogate,
                         String latencySource, long latencyEvaluations, long cacheHits, double cacheHitRate,
                         long wallTimeMs) {
    }
}
