package io.latnas.runtime.search;

import io.latnas.search.SearchRequest;
import io.latnas.search.SearchSettings;
import io.latnas.space.SearchSpace;

/**
 * A {@link SearchSpec} checked and resolved into what the search runs: the space, the strategy, the
 * request (constraints, batch size, seed) and the search settings with the spec's population and
 * generations.
 *
 * @param modelId the model asked for by the predictor strategies, null for the others
 */
record PlannedSearch(SearchSpec spec, LatencyStrategy strategy, SearchSpace space, SearchRequest request,
                     SearchSettings settings, String modelId) {

    /** The same search sampling only {@code resolutions} of its space, for a latency source that covers just those. */
    PlannedSearch restrictedTo(int[] resolutions) {
        SearchSpace restricted = space.restrictedToResolutions(resolutions);
        if (restricted == space) {
            return this;
        }
        return new PlannedSearch(spec, strategy, restricted, new SearchRequest(restricted,
                request.latencyConstraintsMs(), request.batchSize(), request.seed()), settings, modelId);
    }

    String hardwareId() {
        return spec.hardwareId();
    }

    /** Where latencies come from, as results report it. */
    String latencySource() {
        return switch (strategy) {
            case PREDICTOR, PREDICTOR_MEMO -> strategy.configName() + " " + modelId;
            case MEASURED -> "measured " + hardwareId() + "@" + space.id();
            case LOOKUP_TABLE, SIMULATED -> strategy.configName() + " " + hardwareId() + "@" + space.id();
        };
    }
}
