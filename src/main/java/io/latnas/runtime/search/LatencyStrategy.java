package io.latnas.runtime.search;

import io.latnas.common.InvalidInputException;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Where a search's latencies come from; chosen per search. The paper's §5.6 compares a predictor, a
 * predictor with memoization and the baselines (OFA's lookup table, measurement).
 */
public enum LatencyStrategy {
    /** A model served by a predictor pool; every generation is asked of the pool (whose node-wide cache still applies). */
    PREDICTOR("predictor"),
    /** The same behind the search's own memo ({@link io.latnas.search.MemoizingLatencyEvaluator}): repeats never leave the search. */
    PREDICTOR_MEMO("predictor+memo"),
    /** OFA's per-layer lookup table of the hardware, in the search's own process. */
    LOOKUP_TABLE("lookup-table"),
    /** Measurement actors serving the hardware and space, found through the Receptionist. */
    MEASURED("measured"),
    /** The simulated device of the hardware, in the search's own process. */
    SIMULATED("simulated");

    private final String configName;

    LatencyStrategy(String configName) {
        this.configName = configName;
    }

    /** The name requests use: {@code predictor}, {@code predictor+memo}, ... */
    public String configName() {
        return configName;
    }

    /** Whether the strategy needs a model id (a model registered with a predictor pool). */
    public boolean usesModel() {
        return this == PREDICTOR || this == PREDICTOR_MEMO;
    }

    /** Whether latencies come from other actors, so that each generation is fanned out. */
    public boolean usesActors() {
        return usesModel() || this == MEASURED;
    }

    /**
     * @throws InvalidInputException naming the known strategies when {@code name} is none of them
     */
    public static LatencyStrategy fromName(String name) {
        for (LatencyStrategy strategy : values()) {
            if (strategy.configName.equals(name)) {
                return strategy;
            }
        }
        throw new InvalidInputException("strategy", "unknown latency strategy '" + name + "'; known: "
                + Arrays.stream(values()).map(LatencyStrategy::configName).collect(Collectors.joining(", ")));
    }
}
