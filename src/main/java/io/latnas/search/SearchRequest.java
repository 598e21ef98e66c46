package io.latnas.search;

import io.latnas.common.InvalidInputException;
import io.latnas.space.SearchSpace;

import java.util.List;
import java.util.Objects;

/**
 * What to search for: the most accurate subnet of {@code space} under each latency constraint, with
 * latency taken at {@code batchSize} images on the hardware the evaluator answers for. One winner
 * per constraint; together they trace the accuracy-latency front.
 *
 * @param latencyConstraintsMs one or more upper bounds on latency, in milliseconds, in the order results are wanted
 * @param seed                 seed of every random choice; each constraint's run derives its own stream from
 *                             it and from the constraint, so a constraint's winner does not depend on which
 *                             other constraints share the request
 */
public record SearchRequest(SearchSpace space, List<Double> latencyConstraintsMs, int batchSize, long seed) {

    public SearchRequest {
        Objects.requireNonNull(space, "space");
        if (latencyConstraintsMs == null || latencyConstraintsMs.isEmpty()) {
            throw new InvalidInputException("constraints", "give at least one latency constraint in milliseconds");
        }
        latencyConstraintsMs = List.copyOf(latencyConstraintsMs);
        for (int i = 0; i < latencyConstraintsMs.size(); i++) {
            double c = latencyConstraintsMs.get(i);
            if (!(c > 0) || Double.isInfinite(c)) {
                throw new InvalidInputException("constraints[" + i + "]", "latency constraint " + c
                        + " ms must be a positive number");
            }
        }
        if (batchSize < 1) {
            throw new InvalidInputException("batch", "batch size must be at least 1, got " + batchSize);
        }
    }

    /** A request with the settings' batch size and seed. */
    public static SearchRequest of(SearchSpace space, SearchSettings settings, double... latencyConstraintsMs) {
        return new SearchRequest(space, boxed(latencyConstraintsMs), settings.batchSize(), settings.seed());
    }

    /** The same request with another seed. */
    public SearchRequest withSeed(long newSeed) {
        return new SearchRequest(space, latencyConstraintsMs, batchSize, newSeed);
    }

    private static List<Double> boxed(double[] values) {
        Double[] boxed = new Double[values.length];
        for (int i = 0; i < values.length; i++) {
            boxed[i] = values[i];
        }
        return List.of(boxed);
    }
}
