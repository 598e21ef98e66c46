package io.latnas.dataset;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigUtil;
import io.latnas.common.InvalidInputException;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Maps the column prefixes of wide CSV files ({@code 2080ti} in {@code 2080ti_32_ms}) to hardware
 * ids ({@code rtx2080ti}). A prefix without an entry is taken as a hardware id itself, which is how
 * the wide files LatencyNAS writes are named.
 */
public final class HardwareAliases {

    /** The prefixes of help-ofa's {@code ofa_latency.csv}. */
    public static final HardwareAliases HELP_OFA = of(Map.of("2080ti", "rtx2080ti", "titan_xp", "titanxp",
            "v100", "v100"));

    private static final HardwareAliases NONE = of(Map.of());

    /** Where {@link #fromConfig} looks. */
    public static final String CONFIG_PATH = "latnas.dataset.wide-column-aliases";

    private final Map<String, String> hardwareIdByPrefix;

    private HardwareAliases(Map<String, String> hardwareIdByPrefix) {
        this.hardwareIdByPrefix = hardwareIdByPrefix;
    }

    public static HardwareAliases of(Map<String, String> hardwareIdByPrefix) {
        Map<String, String> copy = new LinkedHashMap<>();
        hardwareIdByPrefix.forEach((prefix, id) -> {
            if (prefix.isBlank() || id == null || id.isBlank()) {
                throw new InvalidInputException("aliases", "hardware alias '" + prefix + "' -> '" + id
                        + "' has an empty side");
            }
            copy.put(prefix, id);
        });
        return new HardwareAliases(Collections.unmodifiableMap(copy));
    }

    /** No aliases: every prefix is a hardware id. */
    public static HardwareAliases none() {
        return NONE;
    }

    /** The aliases under {@value #CONFIG_PATH}, or {@link #HELP_OFA} when the configuration has none. */
    public static HardwareAliases fromConfig(Config config) {
        if (!config.hasPath(CONFIG_PATH)) {
            return HELP_OFA;
        }
        Config section = config.getConfig(CONFIG_PATH);
        Map<String, String> map = new LinkedHashMap<>();
        for (var entry : section.root().entrySet()) {
            map.put(entry.getKey(), section.getString(ConfigUtil.joinPath(entry.getKey())));
        }
        return of(map);
    }

    /** The hardware id a column prefix stands for. */
    public String hardwareId(String prefix) {
        return hardwareIdByPrefix.getOrDefault(prefix, prefix);
    }

    public Map<String, String> asMap() {
        return hardwareIdByPrefix;
    }

    @Override
    public String toString() {
        return hardwareIdByPrefix.toString();
    }
}
