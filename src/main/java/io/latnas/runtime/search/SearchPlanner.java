package io.latnas.runtime.search;

import io.latnas.common.InvalidInputException;
import io.latnas.hardware.HardwareProfile;
import io.latnas.search.SearchRequest;
import io.latnas.search.SearchSettings;
import io.latnas.space.SearchSpace;
import io.latnas.space.SearchSpaces;

import java.util.Objects;

/**
 * Checks a {@link SearchSpec} against what this node can know without asking other actors, and resolves
 * it into a {@link PlannedSearch}. Whether a model or measurement actor serves the request is the
 * supervisor's to find out, through the Receptionist.
 */
final class SearchPlanner {

    private final SearchResources resources;

    SearchPlanner(SearchResources resources) {
        this.resources = Objects.requireNonNull(resources, "resources");
    }

    /**
     * @throws SearchRejection saying what is wrong with the spec
     */
    PlannedSearch plan(SearchSpec spec) {
        if (spec == null) {
            throw new SearchRejection(RejectionCode.INVALID_SPEC, null, "no search spec given");
        }
        SearchSpace space = space(spec.spaceId());
        LatencyStrategy strategy = strategy(spec.strategy());
        if (spec.hardwareId() == null || spec.hardwareId().isBlank()) {
            throw new SearchRejection(RejectionCode.INVALID_SPEC, "hardware", "give the hardware id the latencies are for");
        }
        SearchRequest request;
        SearchSettings settings;
        try {
            request = new SearchRequest(space, spec.constraintsMs(), spec.batchSize(), spec.seed());
            settings = resources.search().withBudget(spec.population(), spec.generations());
        } catch (InvalidInputException e) {
            throw new SearchRejection(RejectionCode.INVALID_SPEC, e.field(), e.getMessage());
        }
        String modelId = null;
        switch (strategy) {
            case PREDICTOR, PREDICTOR_MEMO -> modelId = model(spec, strategy);
            case SIMULATED -> hardware(spec.hardwareId(), strategy);
            case LOOKUP_TABLE -> checkLookupTable(hardware(spec.hardwareId(), strategy), space, spec.batchSize());
            case MEASURED -> {
                // Measured hardware need not be in the catalog (an external meter names its own id); the
                // supervisor asks the Receptionist whether anything measures it.
            }
        }
        return new PlannedSearch(spec, strategy, space, request, settings, modelId);
    }

    private static SearchSpace space(String spaceId) {
        try {
            return SearchSpaces.byId(spaceId);
        } catch (InvalidInputException e) {
            throw new SearchRejection(RejectionCode.UNKNOWN_SPACE, "space", e.getMessage());
        }
    }

    private static LatencyStrategy strategy(String name) {
        try {
            return LatencyStrategy.fromName(name);
        } catch (InvalidInputException e) {
            throw new SearchRejection(RejectionCode.UNKNOWN_STRATEGY, "strategy", e.getMessage());
        }
    }

    private static String model(SearchSpec spec, LatencyStrategy strategy) {
        if (spec.modelId() == null || spec.modelId().isBlank()) {
            throw new SearchRejection(RejectionCode.INVALID_SPEC, "model", "strategy " + strategy.configName()
                    + " needs the id of a model served by a predictor pool, e.g. simulated:"
                    + spec.hardwareId() + "@" + spec.spaceId());
        }
        return spec.modelId();
    }

    private HardwareProfile hardware(String hardwareId, LatencyStrategy strategy) {
        try {
            return resources.hardware().byId(hardwareId);
        } catch (InvalidInputException e) {
            throw new SearchRejection(RejectionCode.UNKNOWN_HARDWARE, "hardware", e.getMessage()
                    + " (strategy " + strategy.configName() + " needs a catalog profile)");
        }
    }

    private static void checkLookupTable(HardwareProfile hardware, SearchSpace space, int batchSize) {
        HardwareProfile.LookupTable table = hardware.lookupTable().orElseThrow(() -> new SearchRejection(
                RejectionCode.NO_LOOKUP_TABLE, "hardware", "hardware " + hardware.id()
                + " has no lookup table; use strategy simulated, measured or a predictor"));
        if (Math.abs(table.widthMultiplier() - space.widthMultiplier()) > 1e-9) {
            throw new SearchRejection(RejectionCode.NO_LOOKUP_TABLE, "space", "the " + hardware.id()
                    + " lookup table is for width " + table.widthMultiplier() + " networks; space " + space.id()
                    + " has width " + space.widthMultiplier());
        }
        if (batchSize != 1) {
            throw new SearchRejection(RejectionCode.NO_LOOKUP_TABLE, "batch-size", "the " + hardware.id()
                    + " lookup table holds batch-1 latencies; it cannot answer batch size " + batchSize);
        }
    }
}
