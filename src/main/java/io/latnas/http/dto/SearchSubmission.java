package io.latnas.http.dto;

import io.latnas.common.InvalidInputException;

import java.util.List;

/**
 * {@code POST /v1/searches}: OFA's evolutionary search for the most accurate architecture of {@code space}
 * within each latency constraint on {@code hardware}.
 *
 * @param batch         images per forward pass; the configured default when left out
 * @param constraintsMs one or more latency bounds in milliseconds; one result per bound, in this order
 * @param strategy      where latencies come from: {@code predictor}, {@code predictor+memo}, {@code lookup-table},
 *                      {@code measured} or {@code simulated}
 * @param model         for the predictor strategies: the model id (GET /v1/predictors)
 * @param population    architectures per generation; the configured default (OFA: 100) when left out
 * @param generations   generations after the first; the configured default (OFA: 500) when left out
 * @param seed          the same request and seed give the same result; the configured default when left out
 */
public record SearchSubmission(String space, String hardware, Integer batch, List<Double> constraintsMs,
                               String strategy, String model, Integer population, Integer generations, Long seed) {

    public SearchSubmission {
        MissingFieldException.require("space", space, "a search space id (GET /v1/spaces)");
        MissingFieldException.require("hardware", hardware, "the hardware id the latencies are for");
        MissingFieldException.require("constraintsMs", constraintsMs, "one or more latency bounds in milliseconds");
        MissingFieldException.require("strategy", strategy, "predictor, predictor+memo, lookup-table, measured or"
                + " simulated");
        if (constraintsMs.isEmpty()) {
            throw new InvalidInputException("constraintsMs", "constraintsMs is empty; give at least one latency bound"
                    + " in milliseconds");
        }
        for (int i = 0; i < constraintsMs.size(); i++) {
            Double bound = constraintsMs.get(i);
            if (bound == null || !Double.isFinite(bound) || bound <= 0) {
                throw new InvalidInputException("constraintsMs[" + i + "]", "constraintsMs[" + i + "] must be a"
                        + " positive number of milliseconds; got " + bound);
            }
        }
        constraintsMs = List.copyOf(constraintsMs);
        if (batch != null && batch < 1) {
            throw new InvalidInputException("batch", "batch must be at least 1; got " + batch);
        }
    }

    /**
     * Checks the request against the API's limits.
     *
     * @throws InvalidInputException naming the field over its limit
     */
    public void checkLimits(int maxPopulation, int maxGenerations, int maxConstraints) {
        if (population != null && population > maxPopulation) {
            throw new InvalidInputException("population", "population " + population + " is more than a search may"
                    + " use (" + maxPopulation + ", latnas.http.max-search-population)");
        }
        if (generations != null && generations > maxGenerations) {
            throw new InvalidInputException("generations", "generations " + generations + " is more than a search"
                    + " may run (" + maxGenerations + ", latnas.http.max-search-generations)");
        }
        if (constraintsMs.size() > maxConstraints) {
            throw new InvalidInputException("constraintsMs", constraintsMs.size() + " constraints are more than one"
                    + " search may carry (" + maxConstraints + ", latnas.http.max-search-constraints)");
        }
    }
}
