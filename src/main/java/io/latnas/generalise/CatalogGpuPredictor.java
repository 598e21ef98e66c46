package io.latnas.generalise;

import io.latnas.common.InvalidInputException;
import io.latnas.hardware.HardwareCatalog;
import io.latnas.predictor.MlpLatencyPredictor;
import io.latnas.space.Architecture;

import java.util.List;

/**
 * A hardware-aware predictor asked by catalog GPU id: the GPU's specs come from the catalog, so a GPU
 * the predictor never saw is known by its datasheet alone. The standardisation travels in the predictor.
 */
public final class CatalogGpuPredictor {

    private final MlpLatencyPredictor predictor;
    private final HardwareCatalog catalog;

    public CatalogGpuPredictor(MlpLatencyPredictor predictor, HardwareCatalog catalog) {
        if (!predictor.encoder().usesHardware()) {
            throw new InvalidInputException("encoder", "predictor " + predictor.id() + " uses encoder "
                    + predictor.encoderId() + ", which does not read hardware; it serves only "
                    + predictor.provenance().hardwareIds());
        }
        this.predictor = predictor;
        this.catalog = catalog;
    }

    public MlpLatencyPredictor predictor() {
        return predictor;
    }

    /** Predicted latencies on GPU {@code gpuId} at {@code batchSize}, in order. */
    public double[] predictMs(String gpuId, List<Architecture> architectures, int batchSize) {
        return predictor.predictMs(architectures, GpuSpecs.of(catalog.byId(gpuId)), batchSize);
    }
}
