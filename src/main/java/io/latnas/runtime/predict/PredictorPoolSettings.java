package io.latnas.runtime.predict;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigObject;
import io.latnas.common.InvalidInputException;
import io.latnas.space.SearchSpaces;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * How a {@link PredictorPool} runs ({@code latnas.runtime.predictor-pool}).
 *
 * @param workers     worker actors, each running one model call at a time
 * @param batchWindow how long the first request for a (model, batch size) waits for others to join it
 *                    before its architectures go to a worker; 0 merges only what is already in the mailbox
 * @param maxBatch    architectures per model call; a window closes early once this many are waiting
 * @param cacheSize   entries of the node-wide latency cache; 0 turns caching off
 * @param dispatcher  the configuration path of the dispatcher model calls run on
 * @param models      models served from configuration when the pool starts
 */
public record PredictorPoolSettings(int workers, Duration batchWindow, int maxBatch, long cacheSize,
                                    String dispatcher, List<ServedModel> models) {

    public static final String PATH = "latnas.runtime.predictor-pool";
    private static final Set<String> MODEL_KEYS = Set.of("hardware", "source", "space");

    /** The shipped values (conf/pekko.conf), without served models. */
    public static final PredictorPoolSettings DEFAULTS = new PredictorPoolSettings(2, Duration.ZERO, 256,
            200_000, "latnas.blocking-dispatcher", List.of());

    public PredictorPoolSettings {
        if (workers < 1) {
            throw new InvalidInputException("workers", PATH + ".workers=" + workers + " must be at least 1");
        }
        if (batchWindow == null || batchWindow.isNegative()) {
            throw new InvalidInputException("batch-window", PATH + ".batch-window must be 0 or a positive duration;"
                    + " got " + batchWindow);
        }
        if (maxBatch < 1) {
            throw new InvalidInputException("max-batch", PATH + ".max-batch=" + maxBatch + " must be at least 1");
        }
        if (cacheSize < 0) {
            throw new InvalidInputException("cache-size", PATH + ".cache-size=" + cacheSize
                    + " must be 0 (no caching) or more");
        }
        if (dispatcher == null || dispatcher.isBlank()) {
            throw new InvalidInputException("dispatcher", PATH + ".dispatcher must name a dispatcher");
        }
        models = List.copyOf(models);
    }

    /** The same settings serving other models. */
    public PredictorPoolSettings withModels(List<ServedModel> newModels) {
        return new PredictorPoolSettings(workers, batchWindow, maxBatch, cacheSize, dispatcher, newModels);
    }

    /**
     * @throws InvalidInputException naming the key at fault
     */
    public static PredictorPoolSettings fromConfig(Config config) {
        try {
            Config c = config.getConfig(PATH);
            List<ServedModel> models = new ArrayList<>();
            List<? extends ConfigObject> entries = c.getObjectList("models");
            for (int i = 0; i < entries.size(); i++) {
                models.add(model(entries.get(i), PATH + ".models[" + i + "]"));
            }
            return new PredictorPoolSettings(c.getInt("workers"), c.getDuration("batch-window"), c.getInt("max-batch"),
                    c.getLong("cache-size"), c.getString("dispatcher"), models);
        } catch (ConfigException e) {
            throw new InvalidInputException(PATH, "bad " + PATH + ": " + e.getMessage(), e);
        }
    }

    private static ServedModel model(ConfigObject entry, String where) {
        for (String key : entry.keySet()) {
            if (!MODEL_KEYS.contains(key)) {
                throw new InvalidInputException(where + "." + key, "unknown key '" + key + "' in " + where
                        + "; known: hardware, source, space");
            }
        }
        Config model = entry.toConfig();
        for (String key : MODEL_KEYS) {
            if (!model.hasPath(key)) {
                throw new InvalidInputException(where + "." + key, where + " lacks '" + key + "'");
            }
        }
        return new ServedModel(model.getString("hardware"), model.getString("source"),
                SearchSpaces.byId(model.getString("space")));
    }
}
