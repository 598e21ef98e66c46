package io.latnas.runtime;

import io.latnas.common.InvalidInputException;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a node may run; a node's roles are also its cluster roles. */
public enum NodeRole {
    /** Measurement actors for the devices the node serves. */
    MEASURE,
    /** Latency predictors. */
    PREDICT,
    /** Evolutionary searches. */
    SEARCH,
    /** The HTTP API. */
    API;

    /** The name used in configuration and as a cluster role: {@code measure}, {@code predict}, ... */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @throws InvalidInputException naming the known roles when {@code name} is none of them
     */
    public static NodeRole fromConfigName(String name) {
        for (NodeRole role : values()) {
            if (role.configName().equals(name)) {
                return role;
            }
        }
        throw new InvalidInputException("roles", "unknown node role '" + name + "'; known: "
                + Arrays.stream(values()).map(NodeRole::configName).collect(Collectors.joining(", ")));
    }
}
