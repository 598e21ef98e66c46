package io.latnas.experiment;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.latnas.common.InvalidInputException;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Defaults of the NAS experiment, read once from {@code latnas.experiment.nas}.
 *
 * @param population          search population (OFA's and the paper's 100)
 * @param generations         search generations (OFA's and the paper's 500)
 * @param datasetSize         architectures measured per space to train the predictor on
 * @param epochs              predictor training epochs
 * @param seed                seed of every random choice
 * @param estimateCalls       single-architecture calls timed per strategy for the time of one estimate
 * @param constraintsMs       latency constraints by hardware id (paper Fig. 8: Note10 at 15..35 ms)
 * @param constraintQuantiles for hardware without a list: constraints at these quantiles of the
 *                            reference latencies of {@code estimateCalls} random subnets of each space
 */
public record NasExperimentSettings(int population, int generations, int datasetSize, int epochs, long seed,
                                    int estimateCalls, Map<String, List<Double>> constraintsMs,
                                    List<Double> constraintQuantiles) {

    public static final String CONFIG_PATH = "latnas.experiment.nas";

    public NasExperimentSettings {
        if (population < 2) {
            throw new InvalidInputException("population", "population must be at least 2, got " + population);
        }
        if (generations < 0) {
            throw new InvalidInputException("generations", "generations must be zero or positive, got " + generations);
        }
        positive("dataset-size", datasetSize);
        positive("epochs", epochs);
        positive("estimate-calls", estimateCalls);
        constraintsMs = Map.copyOf(new TreeMap<>(constraintsMs));
        constraintsMs.forEach((hardware, list) -> checkConstraints("constraints-ms." + hardware, list));
        constraintQuantiles = List.copyOf(constraintQuantiles);
        if (constraintQuantiles.isEmpty()) {
            throw new InvalidInputException("constraint-quantiles", "constraint-quantiles must not be empty");
        }
        for (double q : constraintQuantiles) {
            if (!(q > 0 && q < 1)) {
                throw new InvalidInputException("constraint-quantiles", "constraint-quantiles must be in (0, 1); got " + q);
            }
        }
    }

    /** Reads {@code latnas.experiment.nas}; a bad or missing key is named in full. */
    public static NasExperimentSettings fromConfig(Config config) {
        Config resolved = config.isResolved() ? config : config.resolve();
        try {
            Config c = resolved.getConfig(CONFIG_PATH);
            Map<String, List<Double>> constraints = new TreeMap<>();
            Config byHardware = c.getConfig("constraints-ms");
            for (String hardware : byHardware.root().keySet()) {
                constraints.put(hardware, byHardware.getDoubleList(hardware));
            }
            return new NasExperimentSettings(c.getInt("population"), c.getInt("generations"), c.getInt("dataset-size"),
                    c.getInt("epochs"), c.getLong("seed"), c.getInt("estimate-calls"), constraints,
                    c.getDoubleList("constraint-quantiles"));
        } catch (ConfigException e) {
            throw new InvalidInputException(CONFIG_PATH, CONFIG_PATH + ": " + e.getMessage());
        } catch (InvalidInputException e) {
            throw new InvalidInputException(CONFIG_PATH + "." + e.field(), CONFIG_PATH + "." + e.getMessage());
        }
    }

    /** The same settings with another search budget, dataset size, epochs and seed. */
    public NasExperimentSettings with(int newPopulation, int newGenerations, int newDatasetSize, int newEpochs,
                                      long newSeed) {
        return new NasExperimentSettings(newPopulation, newGenerations, newDatasetSize, newEpochs, newSeed,
                estimateCalls, constraintsMs, constraintQuantiles);
    }

    /** The same settings timing {@code calls} single estimates per strategy. */
    public NasExperimentSettings withEstimateCalls(int calls) {
        return new NasExperimentSettings(population, generations, datasetSize, epochs, seed, calls, constraintsMs,
                constraintQuantiles);
    }

    static List<Double> checkConstraints(String field, List<Double> constraints) {
        if (constraints == null || constraints.isEmpty()) {
            throw new InvalidInputException(field, field + " needs at least one latency constraint in ms");
        }
        for (double c : constraints) {
            if (!(c > 0) || Double.isInfinite(c)) {
                throw new InvalidInputException(field, field + ": latency constraint " + c + " ms must be a positive number");
            }
        }
        return List.copyOf(constraints);
    }

    private static void positive(String field, long value) {
        if (value <= 0) {
            throw new InvalidInputException(field, field + " must be positive, got " + value);
        }
    }
}
