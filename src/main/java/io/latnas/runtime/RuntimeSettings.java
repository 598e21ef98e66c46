package io.latnas.runtime;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.latnas.common.InvalidInputException;
import io.latnas.runtime.dataset.DatasetBuilderSettings;
import io.latnas.runtime.measure.MeasurementSettings;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What a node runs and how ({@code latnas.runtime}, in {@code conf/pekko.conf}): its roles, the devices
 * the measure role serves, and how dataset builders spread their work.
 */
public record RuntimeSettings(Set<NodeRole> roles, MeasurementSettings measurement,
                              DatasetBuilderSettings datasetBuilder) {

    public static final String PATH = "latnas.runtime";

    public RuntimeSettings {
        roles = roles.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(roles));
        Objects.requireNonNull(measurement, "measurement");
        Objects.requireNonNull(datasetBuilder, "datasetBuilder");
    }

    /**
     * @throws InvalidInputException naming the key at fault
     */
    public static RuntimeSettings fromConfig(Config config) {
        Set<NodeRole> roles = EnumSet.noneOf(NodeRole.class);
        try {
            for (String role : config.getStringList(PATH + ".roles")) {
                roles.add(NodeRole.fromConfigName(role));
            }
        } catch (ConfigException e) {
            throw new InvalidInputException(PATH + ".roles", "bad " + PATH + ".roles: " + e.getMessage(), e);
        }
        return new RuntimeSettings(roles, MeasurementSettings.fromConfig(config),
                DatasetBuilderSettings.fromConfig(config));
    }

    public boolean has(NodeRole role) {
        return roles.contains(role);
    }

    /** The same settings with other roles. */
    public RuntimeSettings withRoles(Set<NodeRole> newRoles) {
        return new RuntimeSettings(newRoles, measurement, datasetBuilder);
    }
}
