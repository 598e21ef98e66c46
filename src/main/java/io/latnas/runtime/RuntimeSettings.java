package io.latnas.runtime;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.latnas.common.InvalidInputException;
import io.latnas.config.ConfigLists;
import io.latnas.runtime.dataset.DatasetBuilderSettings;
import io.latnas.runtime.measure.MeasurementSettings;
import io.latnas.runtime.predict.PredictorPoolSettings;
import io.latnas.runtime.search.SearchSupervisorSettings;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What a node runs and how ({@code latnas.runtime}, in {@code conf/pekko.conf}): its roles, the devices
 * the measure role serves, how dataset builders spread their work, the predict role's pool and the search
 * role's supervisor.
 */
public record RuntimeSettings(Set<NodeRole> roles, MeasurementSettings measurement,
                              DatasetBuilderSettings datasetBuilder, PredictorPoolSettings predictorPool,
                              SearchSupervisorSettings search) {

    public static final String PATH = "latnas.runtime";

    public RuntimeSettings {
        roles = roles.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(roles));
        Objects.requireNonNull(measurement, "measurement");
        Objects.requireNonNull(datasetBuilder, "datasetBuilder");
        Objects.requireNonNull(predictorPool, "predictorPool");
        Objects.requireNonNull(search, "search");
    }

    /** Settings for the measure role and dataset builds, with the shipped predictor pool and search settings. */
    public RuntimeSettings(Set<NodeRole> roles, MeasurementSettings measurement, DatasetBuilderSettings datasetBuilder) {
        this(roles, measurement, datasetBuilder, PredictorPoolSettings.DEFAULTS, SearchSupervisorSettings.DEFAULTS);
    }

    /**
     * @throws InvalidInputException naming the key at fault
     */
    public static RuntimeSettings fromConfig(Config config) {
        Set<NodeRole> roles = EnumSet.noneOf(NodeRole.class);
        try {
            for (String role : ConfigLists.stringsAt(config, PATH + ".roles")) {
                roles.add(NodeRole.fromConfigName(role));
            }
        } catch (ConfigException e) {
            throw new InvalidInputException(PATH + ".roles", "bad " + PATH + ".roles: " + e.getMessage(), e);
        }
        return new RuntimeSettings(roles, MeasurementSettings.fromConfig(config),
                DatasetBuilderSettings.fromConfig(config), PredictorPoolSettings.fromConfig(config),
                SearchSupervisorSettings.fromConfig(config));
    }

    public boolean has(NodeRole role) {
        return roles.contains(role);
    }

    /** The same settings with other roles. */
    public RuntimeSettings withRoles(Set<NodeRole> newRoles) {
        return new RuntimeSettings(newRoles, measurement, datasetBuilder, predictorPool, search);
    }

    /** The same settings with another predictor pool. */
    public RuntimeSettings withPredictorPool(PredictorPoolSettings newPredictorPool) {
        return new RuntimeSettings(roles, measurement, datasetBuilder, newPredictorPool, search);
    }

    /** The same settings with another search supervisor. */
    public RuntimeSettings withSearch(SearchSupervisorSettings newSearch) {
        return new RuntimeSettings(roles, measurement, datasetBuilder, predictorPool, newSearch);
    }
}
