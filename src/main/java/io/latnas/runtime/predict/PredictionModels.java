package io.latnas.runtime.predict;

import io.latnas.hardware.HardwareCatalog;
import io.latnas.inference.BatchLatencyModel;
import io.latnas.inference.LatencySourceModel;
import io.latnas.latency.LatencySources;
import io.latnas.latency.SimulationSettings;

/**
 * Opens the model behind a {@link ServedModel}. A {@link PredictorPool} calls it once per model, on its
 * workers' dispatcher, since opening may read files (a lookup table) or, later, load network weights.
 */
@FunctionalInterface
public interface PredictionModels {

    /**
     * @throws RuntimeException when the model cannot be opened; the message says why
     */
    BatchLatencyModel open(ServedModel model);

    /** Catalog latency sources through {@link LatencySources}, served as {@link LatencySourceModel}s. */
    static PredictionModels standard(HardwareCatalog catalog, SimulationSettings simulation) {
        return model -> new LatencySourceModel(LatencySources.create(model.source(),
                catalog.byId(model.hardwareId()), model.space(), simulation), model.space());
    }
}
