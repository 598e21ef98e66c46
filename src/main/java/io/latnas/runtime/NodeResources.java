package io.latnas.runtime;

import com.typesafe.config.Config;
import io.latnas.hardware.HardwareCatalog;
import io.latnas.latency.SimulationSettings;
import io.latnas.runtime.measure.MeasurementSources;
import io.latnas.runtime.predict.PredictionModels;
import io.latnas.runtime.search.SearchResources;

import java.util.Objects;

/**
 * The domain objects a node's roles are built on: how the measure role opens its devices' sources, how
 * the predict role opens its configured models, and what the search role builds searches from.
 */
public record NodeResources(MeasurementSources measurementSources, PredictionModels predictionModels,
                            SearchResources search) {

    public NodeResources {
        Objects.requireNonNull(measurementSources, "measurementSources");
        Objects.requireNonNull(predictionModels, "predictionModels");
        Objects.requireNonNull(search, "search");
    }

    /** The standard sources and models of the configuration's hardware catalog. */
    public static NodeResources fromConfig(Config config) {
        SearchResources search = SearchResources.fromConfig(config);
        return new NodeResources(MeasurementSources.standard(search.hardware(), search.simulation()),
                PredictionModels.standard(search.hardware(), search.simulation()), search);
    }

    /** The configuration's resources, with {@code sources} opening the measure role's devices. */
    public static NodeResources fromConfig(Config config, MeasurementSources sources) {
        SearchResources search = SearchResources.fromConfig(config);
        return new NodeResources(sources, PredictionModels.standard(search.hardware(), search.simulation()), search);
    }

    public HardwareCatalog hardware() {
        return search.hardware();
    }

    public SimulationSettings simulation() {
        return search.simulation();
    }
}
