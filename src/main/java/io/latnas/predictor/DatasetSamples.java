package io.latnas.predictor;

import io.latnas.common.InvalidInputException;
import io.latnas.dataset.DatasetSplit;
import io.latnas.dataset.LatencyDataset;
import io.latnas.dataset.LatencyRecord;
import io.latnas.hardware.HardwareCatalog;

import java.util.function.Function;

/**
 * Turns latency datasets into the rows a predictor learns from. The samples keep the dataset's
 * content hash, so a trained predictor records which dataset it came from; hardware features are
 * attached only when a hardware-aware encoder needs them.
 */
public final class DatasetSamples {

    private DatasetSamples() {
    }

    /** The dataset's rows without hardware features, under its content hash. */
    public static LatencySamples of(LatencyDataset dataset) {
        return of(dataset, null);
    }

    /**
     * The dataset's rows, each with the raw features {@code hardwareFeatures} gives for its hardware id
     * ({@code null} for none), under the dataset's content hash.
     *
     * @throws InvalidInputException when the dataset is empty
     */
    public static LatencySamples of(LatencyDataset dataset, Function<String, double[]> hardwareFeatures) {
        if (dataset.isEmpty()) {
            throw new InvalidInputException("data", "the dataset has no rows");
        }
        LatencySamples.Builder b = LatencySamples.builder();
        for (LatencyRecord r : dataset.records()) {
            double[] features = hardwareFeatures == null ? null : hardwareFeatures.apply(r.hardwareId());
            b.add(r.architecture(), r.hardwareId(), features, r.batchSize(), r.latencyMs());
        }
        return b.build().withDatasetHash(dataset.contentHash()).withSpace(dataset.spaceId());
    }

    /** The three parts of a dataset split as predictor rows, each under its own content hash. */
    public static SampleSplit of(DatasetSplit split, Function<String, double[]> hardwareFeatures) {
        return new SampleSplit(of(split.train(), hardwareFeatures), of(split.validation(), hardwareFeatures),
                of(split.test(), hardwareFeatures), split.method());
    }

    /**
     * Looks hardware features up in the catalog: a GPU's cores, memory and bandwidth (paper §4.3).
     *
     * @throws InvalidInputException (when applied) for an id the catalog lacks or a device that is not a GPU
     */
    public static Function<String, double[]> catalogFeatures(HardwareCatalog catalog) {
        return id -> catalog.byId(id).gpuFeatures();
    }
}
