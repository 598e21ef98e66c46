package io.latnas.search;

import com.typesafe.config.ConfigFactory;
import io.latnas.hardware.HardwareCatalog;
import io.latnas.latency.SimulatedDevice;
import io.latnas.latency.SimulationSettings;
import io.latnas.space.SearchSpace;

/** Shared set-up for the search tests: noise-free simulated devices and small search budgets. */
final class Fixtures {

    static final HardwareCatalog CATALOG = HardwareCatalog.fromConfig(ConfigFactory.load());
    /** Noise-free, so a device answers an architecture the same way however often it is asked. */
    static final SimulationSettings EXACT = SimulationSettings.fromConfig(
            ConfigFactory.parseResources("simulation.conf").atPath(SimulationSettings.CONFIG_PATH)).withNoise(0, 1);
    /** The shipped settings at the small budget the tests can afford on two cores. */
    static final SearchSettings SMALL = SearchSettings.fromConfig(
            ConfigFactory.parseResources("search.conf").atPath(SearchSettings.CONFIG_PATH)).withBudget(20, 15);

    private Fixtures() {
    }

    static SimulatedDevice note10(SearchSpace space) {
        return SimulatedDevice.forSpace(CATALOG.byId("note10"), space, EXACT);
    }
}
