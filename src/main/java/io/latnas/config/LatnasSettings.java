package io.latnas.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.latnas.common.InvalidInputException;
import io.latnas.hardware.HardwareCatalog;
import io.latnas.latency.SimulationSettings;

import java.nio.file.Path;

/**
 * Everything an entry point needs from {@code application.conf}, read once. Other code takes
 * these typed settings and never reads {@link Config} itself.
 *
 * @param home      the installation root (the launcher sets {@code latnas.home})
 * @param sharedDir reference data read but not shipped (help-ofa measurements, Note10 table)
 */
public record LatnasSettings(Path home, Path sharedDir, HardwareCatalog hardware, SimulationSettings simulation,
                             Config config) {

    /** Loads {@code application.conf} (and {@code -Dconfig.file} overrides) with system properties on top. */
    public static LatnasSettings load() {
        try {
            return fromConfig(ConfigFactory.load());
        } catch (ConfigException e) {
            throw new InvalidInputException("config", "bad configuration: " + e.getMessage(), e);
        }
    }

    public static LatnasSettings fromConfig(Config config) {
        try {
            Config latnas = config.getConfig("latnas");
            return new LatnasSettings(
                    Path.of(latnas.getString("home")),
                    Path.of(latnas.getString("shared-dir")),
                    HardwareCatalog.fromConfig(config),
                    SimulationSettings.fromConfig(config),
                    config);
        } catch (ConfigException e) {
            throw new InvalidInputException("config", "bad configuration: " + e.getMessage(), e);
        }
    }

    /** A file of the shared reference data, e.g. {@code data/help-ofa/ofa_latency.csv}. */
    public Path shared(String relative) {
        return sharedDir.resolve(relative);
    }
}
