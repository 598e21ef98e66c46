package io.latnas.tune;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.latnas.common.InvalidInputException;

import java.util.List;

/**
 * Settings of {@code latnas tune}, from the {@code latnas.tune} block ({@code conf/tune.conf}).
 *
 * @param grid            the configurations searched
 * @param schedule        ASHA's rungs
 * @param parallel        trials trained at once
 * @param seed            seed of every trial's initialisation and shuffling, and of the data split
 * @param batchSize       training minibatch
 * @param hiddenSizes     hidden layer widths
 * @param fullGridConfigs configurations the full-grid comparison trains to max epochs, spread over the
 *                        grid; 0 skips it, the grid size or more runs all of it
 */
public record TuneSettings(HyperParameterGrid grid, AshaSchedule schedule, int parallel, long seed, int batchSize,
                           List<Integer> hiddenSizes, int fullGridConfigs) {

    public static final String CONFIG_PATH = "latnas.tune";

    /**
     * Reads {@code latnas.tune}; when the configuration lacks it (tune.conf not yet included from
     * application.conf) the defaults in {@code tune.conf} on the class path are used.
     */
    public static TuneSettings fromConfig(Config config) {
        Config c;
        try {
            Config resolved = config.isResolved() ? config : config.resolve();
            c = resolved.hasPath(CONFIG_PATH) ? resolved.getConfig(CONFIG_PATH)
                    : ConfigFactory.parseResources("tune.conf").resolve();
            return new TuneSettings(
                    new HyperParameterGrid(c.getDoubleList("learning-rates"), c.getDoubleList("weight-decays"),
                            c.getDoubleList("momenta")),
                    new AshaSchedule(c.getInt("reduction-factor"), c.getInt("grace-period"), c.getInt("max-epochs")),
                    c.getInt("parallel"),
                    c.getLong("seed"),
                    c.getInt("batch-size"),
                    c.getIntList("hidden-sizes"),
                    c.getInt("full-grid-configurations"));
        } catch (ConfigException e) {
            throw new InvalidInputException(CONFIG_PATH, "bad " + CONFIG_PATH + " settings: " + e.getMessage(), e);
        }
    }
}
