package io.latnas.runtime.search;

import java.util.List;

/**
 * What a client asks to search, as it arrives: names rather than objects, so that it can cross nodes and
 * be checked by the supervisor, which rejects what it cannot run with a reason ({@link RejectionCode}).
 *
 * @param spaceId       a search space id, e.g. {@code ofa-mbv3-w1.0}
 * @param hardwareId    the hardware the latencies are for
 * @param batchSize     images per forward pass
 * @param constraintsMs one or more latency bounds in milliseconds, in the order results are wanted
 * @param strategy      a {@link LatencyStrategy} name: {@code predictor}, {@code predictor+memo},
 *                      {@code lookup-table}, {@code measured} or {@code simulated}
 * @param modelId       the model the predictor strategies ask for; ignored by the others (may be null)
 * @param population    architectures per generation
 * @param generations   generations after the initial population
 * @param seed          seed of every random choice; the same spec and seed give the same result
 */
public record SearchSpec(String spaceId, String hardwareId, int batchSize, List<Double> constraintsMs,
                         String strategy, String modelId, int population, int generations, long seed) {

    public SearchSpec {
        constraintsMs = constraintsMs == null ? List.of() : List.copyOf(constraintsMs);
    }
}
