package io.latnas.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueType;

import java.util.Arrays;
import java.util.List;

/**
 * Lists that may come from a file or from the environment: a HOCON list ({@code ["a", "b"]}) or one
 * comma-separated string ({@code LATNAS_ROLES=api,search}), since an environment variable is always a string.
 */
public final class ConfigLists {

    private ConfigLists() {
    }

    /**
     * The strings at {@code path}, trimmed, empty entries dropped.
     *
     * @throws com.typesafe.config.ConfigException when the path is missing or holds neither a list nor a string
     */
    public static List<String> stringsAt(Config config, String path) {
        if (config.getValue(path).valueType() == ConfigValueType.LIST) {
            return config.getStringList(path).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        }
        return Arrays.stream(config.getString(path).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
