package io.latnas.runtime;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.latnas.hardware.HardwareCatalog;
import io.latnas.latency.SimulatedDevice;
import io.latnas.latency.SimulationSettings;
import io.latnas.runtime.dataset.DatasetBuilderSettings;
import io.latnas.runtime.measure.ServedDevice;
import io.latnas.space.SearchSpace;
import io.latnas.space.SearchSpaces;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** Configuration, devices and settings shared by the runtime's actor tests. */
public final class RuntimeFixtures {

    public static final SearchSpace SPACE = SearchSpaces.OFA_W10;
    private static final AtomicInteger HARDWARE_IDS = new AtomicInteger();
    private static Config config;
    private static SimulatedDevice rtx2080ti;

    private RuntimeFixtures() {
    }

    /** The shipped configuration with conf/pekko.conf merged in, as a node loads it. */
    public static synchronized Config config() {
        if (config == null) {
            config = LatnasNode.withRuntimeConfig(ConfigFactory.load());
        }
        return config;
    }

    /** A simulated RTX 2080 Ti for {@link #SPACE}, with the shipped noise. */
    public static synchronized SimulatedDevice simulated() {
        if (rtx2080ti == null) {
            rtx2080ti = SimulatedDevice.forSpace(HardwareCatalog.fromConfig(config()).byId("rtx2080ti"), SPACE,
                    SimulationSettings.fromConfig(config()));
        }
        return rtx2080ti;
    }

    /**
     * A hardware id no other test uses, so that actors left registered by one test never serve another
     * test's service key.
     */
    public static String uniqueHardwareId() {
        return "test-gpu-" + HARDWARE_IDS.incrementAndGet();
    }

    /** A served device of {@link #SPACE} whose actor runs on the measurement dispatcher. */
    public static ServedDevice device(String hardwareId) {
        return ServedDevice.CatalogSource.of(hardwareId, "simulated", SPACE);
    }

    /** Builder settings for tests: generous timeouts, except where a test shortens one. */
    public static DatasetBuilderSettings builderSettings() {
        return new DatasetBuilderSettings(2, 3, Duration.ofSeconds(20), Duration.ofMillis(100),
                Duration.ofSeconds(20), Duration.ofMillis(100));
    }
}
