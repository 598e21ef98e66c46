package io.latnas.generalise;

import io.latnas.dataset.LatencyDataset;
import io.latnas.dataset.LatencyRecord;
import io.latnas.hardware.HardwareCatalog;
import io.latnas.hardware.HardwareProfile;
import io.latnas.latency.SimulatedDevice;
import io.latnas.latency.SimulationSettings;
import io.latnas.predictor.LatencySamples;
import io.latnas.space.Architecture;
import io.latnas.space.SearchSpace;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

/** Training and evaluation rows that carry each GPU's specs ({@link GpuSpecs}). */
public final class GpuRows {

    private GpuRows() {
    }

    /**
     * {@code count} random architectures per GPU, each timed at every batch size on the roofline
     * simulator; each GPU draws its own architectures from {@code seed} and its position.
     */
    public static LatencySamples simulated(List<HardwareProfile> gpus, SearchSpace space, SimulationSettings settings,
                                           int count, List<Integer> batchSizes, long seed) {
        LatencySamples.Builder rows = LatencySamples.builder();
        for (int g = 0; g < gpus.size(); g++) {
            HardwareProfile gpu = gpus.get(g);
            SimulatedDevice device = SimulatedDevice.forSpace(gpu, space, settings.withNoise(settings.noiseSigma(),
                    seed + g));
            double[] specs = GpuSpecs.of(gpu);
            SplittableRandom rng = new SplittableRandom(seed * 1_000_003L + g);
            List<Architecture> archs = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                archs.add(space.sample(rng));
            }
            for (int batch : batchSizes) {
                for (Architecture a : archs) {
                    rows.add(a, gpu.id(), specs, batch, device.latencyMs(a, batch));
                }
            }
        }
        return rows.build();
    }

    /**
     * Measured rows of a dataset whose hardware is in the catalog, with the catalog's specs; only
     * rows whose file row id passes {@code rowIds} (help-ofa numbers its rows 0..4999).
     */
    public static LatencySamples measured(LatencyDataset dataset, HardwareCatalog catalog, IntPredicate rowIds) {
        LatencySamples.Builder rows = LatencySamples.builder();
        for (LatencyRecord r : dataset.records()) {
            if (r.rowId().isPresent() && !rowIds.test(r.rowId().getAsInt())) {
                continue;
            }
            rows.add(r.architecture(), r.hardwareId(), GpuSpecs.of(catalog.byId(r.hardwareId())), r.batchSize(),
                    r.latencyMs());
        }
        return rows.build();
    }

    /** Rows of {@code samples} on this GPU ({@code keep}) or on every other GPU. */
    public static LatencySamples onGpu(LatencySamples samples, String gpuId, boolean keep) {
        return where(samples, i -> samples.hardwareId(i).equals(gpuId) == keep);
    }

    /** Rows of {@code samples} on this GPU at this batch size. */
    public static LatencySamples onTarget(LatencySamples samples, String gpuId, int batchSize) {
        return where(samples, i -> samples.hardwareId(i).equals(gpuId) && samples.batchSize(i) == batchSize);
    }

    /** The rows of both, {@code a}'s first. */
    public static LatencySamples concat(LatencySamples a, LatencySamples b) {
        LatencySamples.Builder rows = LatencySamples.builder();
        for (LatencySamples s : List.of(a, b)) {
            for (int i = 0; i < s.size(); i++) {
                rows.add(s.architecture(i), s.hardwareId(i), s.hardwareFeatures(i), s.batchSize(i), s.latencyMs(i));
            }
        }
        return rows.build();
    }

    static LatencySamples where(LatencySamples samples, IntPredicate row) {
        int[] rows = IntStream.range(0, samples.size()).filter(row).toArray();
        return samples.select(rows);
    }
}
