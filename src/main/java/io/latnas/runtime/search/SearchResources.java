package io.latnas.runtime.search;

import com.typesafe.config.Config;
import io.latnas.accuracy.AccuracyEstimator;
import io.latnas.accuracy.SurrogateAccuracy;
import io.latnas.hardware.HardwareCatalog;
import io.latnas.latency.SimulationSettings;
import io.latnas.search.SearchSettings;
import io.latnas.space.SearchSpace;

import java.util.Objects;
import java.util.function.Function;

/**
 * The domain objects searches are built from: the hardware catalog and simulation settings (for the
 * simulated and lookup-table strategies), the search settings a request's population, generations and
 * seed override, and the accuracy estimator of each space.
 */
public record SearchResources(HardwareCatalog hardware, SimulationSettings simulation, SearchSettings search,
                              Function<SearchSpace, AccuracyEstimator> accuracy) {

    public SearchResources {
        Objects.requireNonNull(hardware, "hardware");
        Objects.requireNonNull(simulation, "simulation");
        Objects.requireNonNull(search, "search");
        Objects.requireNonNull(accuracy, "accuracy");
    }

    /**
     * From the application configuration, scoring accuracy with {@link SurrogateAccuracy} until trained
     * accuracy predictors are wired in (results say so: their {@code accuracySurrogate} is true).
     */
    public static SearchResources fromConfig(Config config) {
        return new SearchResources(HardwareCatalog.fromConfig(config), SimulationSettings.fromConfig(config),
                SearchSettings.fromConfig(config), SurrogateAccuracy::forSpace);
    }
}
