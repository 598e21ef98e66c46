package io.latnas.search;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.latnas.common.InvalidInputException;

import java.util.Set;
import java.util.TreeSet;

/**
 * Settings of OFA's evolutionary search, read once from {@code latnas.search} (conf/search.conf).
 * Defaults are those of OFA's {@code EvolutionFinder}.
 *
 * @param population                    architectures kept alive each generation (OFA {@code population_size})
 * @param generations                   breeding rounds after the initial population (OFA {@code max_time_budget})
 * @param parentRatio                   share of the population kept as parents
 * @param mutationRatio                 share of each generation's children made by mutation; the rest by crossover
 * @param mutationProbability           chance that each layer's genes and each stage's depth are redrawn in a mutation
 * @param resolutionMutationProbability chance that a mutation redraws the resolution
 * @param maxResampleAttempts           times a slot whose candidate breaks the latency constraint is re-proposed
 * @param batchSize                     images per forward pass for latency queries, unless a request says otherwise
 * @param seed                          seed of every random choice, unless a request says otherwise
 * @param memoCacheSize                 entries kept by {@link MemoizingLatencyEvaluator}; 0 means no memoisation
 */
public record SearchSettings(int population, int generations, double parentRatio, double mutationRatio,
                             double mutationProbability, double resolutionMutationProbability,
                             int maxResampleAttempts, int batchSize, long seed, long memoCacheSize) {

    /** Where these settings live in the application configuration. */
    public static final String CONFIG_PATH = "latnas.search";

    /** OFA's EvolutionFinder defaults, also those of conf/search.conf. */
    public static final SearchSettings OFA_DEFAULTS =
            new SearchSettings(100, 500, 0.25, 0.5, 0.1, 0.5, 10, 1, 0, 100_000);

    public SearchSettings {
        if (population < 2) {
            throw new InvalidInputException("population", "population must be at least 2, got " + population);
        }
        if (generations < 0) {
            throw new InvalidInputException("generations", "generations must be zero or positive, got " + generations);
        }
        if (!(parentRatio > 0 && parentRatio <= 1)) {
            throw new InvalidInputException("parent-ratio", "parent-ratio must be in (0, 1], got " + parentRatio);
        }
        requireProbability("mutation-ratio", mutationRatio);
        requireProbability("mutation-probability", mutationProbability);
        requireProbability("resolution-mutation-probability", resolutionMutationProbability);
        if (maxResampleAttempts < 0) {
            throw new InvalidInputException("max-resample-attempts",
                    "max-resample-attempts must be zero or positive, got " + maxResampleAttempts);
        }
        if (batchSize < 1) {
            throw new InvalidInputException("batch-size", "batch-size must be at least 1, got " + batchSize);
        }
        if (memoCacheSize < 0) {
            throw new InvalidInputException("memo-cache-size",
                    "memo-cache-size must be zero (no memoisation) or positive, got " + memoCacheSize);
        }
        if (Math.round(parentRatio * population) < 1) {
            throw new InvalidInputException("parent-ratio", "parent-ratio " + parentRatio + " of a population of "
                    + population + " leaves no parent");
        }
    }

    /** Parents kept each generation: OFA's {@code int(round(parent_ratio * population_size))}. */
    public int parentCount() {
        return (int) Math.round(parentRatio * population);
    }

    /** Children made by mutation each generation: OFA's {@code int(round(mutation_ratio * population_size))}. */
    public int mutationCount() {
        return (int) Math.round(mutationRatio * population);
    }

    /** The same settings with another population size and number of generations. */
    public SearchSettings withBudget(int newPopulation, int newGenerations) {
        return new SearchSettings(newPopulation, newGenerations, parentRatio, mutationRatio, mutationProbability,
                resolutionMutationProbability, maxResampleAttempts, batchSize, seed, memoCacheSize);
    }

    /** The same settings with another bound on re-proposals. */
    public SearchSettings withMaxResampleAttempts(int attempts) {
        return new SearchSettings(population, generations, parentRatio, mutationRatio, mutationProbability,
                resolutionMutationProbability, attempts, batchSize, seed, memoCacheSize);
    }

    private static void requireProbability(String field, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new InvalidInputException(field, field + " must be in [0, 1], got " + value);
        }
    }

    private static final Set<String> FIELDS = Set.of("population", "generations", "parent-ratio", "mutation-ratio",
            "mutation-probability", "resolution-mutation-probability", "max-resample-attempts", "batch-size", "seed",
            "memo-cache-size");

    /**
     * Reads {@code latnas.search}.
     *
     * @throws InvalidInputException naming the full key of a missing, mistyped, misspelt or out-of-range setting
     */
    public static SearchSettings fromConfig(Config config) {
        Config resolved = config.isResolved() ? config : config.resolve();
        if (!resolved.hasPath(CONFIG_PATH)) {
            throw new InvalidInputException(CONFIG_PATH, "the configuration has no " + CONFIG_PATH
                    + " (is search.conf included under latnas.search?)");
        }
        Config c = resolved.getConfig(CONFIG_PATH);
        for (String key : c.root().keySet()) {
            if (!FIELDS.contains(key)) {
                throw new InvalidInputException(CONFIG_PATH + "." + key, "unknown setting " + CONFIG_PATH + "." + key
                        + "; known: " + String.join(", ", new TreeSet<>(FIELDS)));
            }
        }
        for (String key : FIELDS) {
            if (!c.hasPath(key)) {
                throw new InvalidInputException(CONFIG_PATH + "." + key, CONFIG_PATH + "." + key + " is missing");
            }
        }
        try {
            return new SearchSettings(
                    c.getInt("population"),
                    c.getInt("generations"),
                    c.getDouble("parent-ratio"),
                    c.getDouble("mutation-ratio"),
                    c.getDouble("mutation-probability"),
                    c.getDouble("resolution-mutation-probability"),
                    c.getInt("max-resample-attempts"),
                    c.getInt("batch-size"),
                    c.getLong("seed"),
                    c.getLong("memo-cache-size"));
        } catch (ConfigException.WrongType e) {
            throw new InvalidInputException(CONFIG_PATH, CONFIG_PATH + ": " + e.getMessage());
        } catch (InvalidInputException e) {
            if (e.field() == null) {
                throw e;
            }
            throw new InvalidInputException(CONFIG_PATH + "." + e.field(), CONFIG_PATH + "." + e.getMessage());
        }
    }
}
