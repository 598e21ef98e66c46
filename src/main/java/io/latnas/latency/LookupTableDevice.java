package io.latnas.latency;

import io.latnas.common.InvalidInputException;
import io.latnas.cost.Block;
import io.latnas.cost.NetworkCostModel;
import io.latnas.space.Architecture;
import io.latnas.space.SearchSpace;
import io.latnas.space.SearchSpaces;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * OFA's baseline latency source: a subnet's latency is the sum of the lookup-table means of its
 * blocks ({@code MBv3LatencyTable.predict_network_latency_given_spec}). Tables hold batch-1
 * measurements, so only batch size 1 is answered.
 *
 * <p>The first query at a resolution resolves the table's mean for every MBConv block any known
 * space can place there (each stage, first or later position, kernel size and expand ratio), so a
 * query afterwards is a few array reads. Thread-safe.
 */
public final class LookupTableDevice implements LatencySource {

    public static final String KIND = "lookup-table";

    /** Resolutions above this are answered but not cached; OFA's go up to 224. */
    private static final int MAX_CACHED_RESOLUTION = 1024;
    private static final int[] KNOWN_KERNEL_SIZES = union(SearchSpaces.all(), true);
    private static final int[] KNOWN_EXPAND_RATIOS = union(SearchSpaces.all(), false);
    private static final int KERNEL_SLOTS = KNOWN_KERNEL_SIZES[KNOWN_KERNEL_SIZES.length - 1] + 1;
    private static final int EXPAND_SLOTS = KNOWN_EXPAND_RATIOS[KNOWN_EXPAND_RATIOS.length - 1] + 1;

    private final String hardwareId;
    private final LookupTable table;
    private final NetworkCostModel model;
    private final AtomicReferenceArray<ResolutionTable> byResolution =
            new AtomicReferenceArray<>(MAX_CACHED_RESOLUTION + 1);

    /**
     * @param hardwareId      the device the table was measured on, e.g. {@code note10}
     * @param widthMultiplier the network width the table's shapes belong to (Note10's table: 1.2)
     */
    public LookupTableDevice(String hardwareId, LookupTable table, double widthMultiplier) {
        this.hardwareId = hardwareId;
        this.table = table;
        this.model = NetworkCostModel.of(widthMultiplier);
    }

    @Override
    public String hardwareId() {
        return hardwareId;
    }

    @Override
    public String kind() {
        return KIND;
    }

    /** The resolutions the table has files for. */
    @Override
    public int[] resolutions() {
        return table.resolutions().stream().mapToInt(Integer::intValue).toArray();
    }

    public LookupTable table() {
        return table;
    }

    /**
     * @throws InvalidInputException when the batch size is not 1, the resolution has no table, or the
     *                               table lacks one of the subnet's blocks (the message names key and file)
     */
    @Override
    public double latencyMs(Architecture arch, int batchSize) {
        if (batchSize != 1) {
            throw new InvalidInputException("batch-size", "the lookup table of " + hardwareId
                    + " holds batch-1 latencies; it cannot answer batch size " + batchSize);
        }
        ResolutionTable resolution = resolutionTable(arch.resolution());
        double ms = resolution.fixedMs;
        for (int stage = 0; stage < Architecture.STAGES; stage++) {
            for (int position = 0; position < arch.depth(stage); position++) {
                int layer = stage * Architecture.MAX_DEPTH + position;
                ms += resolution.mbConvMs(stage, position, arch.kernelSize(layer), arch.expandRatio(layer));
            }
        }
        return ms;
    }

    private ResolutionTable resolutionTable(int resolution) {
        if (resolution > MAX_CACHED_RESOLUTION) {
            return new ResolutionTable(resolution);
        }
        ResolutionTable cached = byResolution.get(resolution);
        if (cached == null) {
            cached = new ResolutionTable(resolution);
            byResolution.set(resolution, cached);
        }
        return cached;
    }

    /** One resolution's means: the blocks every subnet has, summed, and each MBConv block by its genes. */
    private final class ResolutionTable {

        private final int resolution;
        private final double fixedMs;
        /** Indexed by {@link #slot}; NaN where the table lacks the key, which {@link #keys} then names. */
        private final double[] mbConvMs;
        private final String[] keys;

        ResolutionTable(int resolution) {
            this.resolution = resolution;
            double fixed = 0;
            for (Block block : model.fixedBlocks(resolution)) {
                fixed += table.entry(resolution, LookupTable.key(block)).mean();
            }
            this.fixedMs = fixed;
            int slots = Architecture.STAGES * 2 * KERNEL_SLOTS * EXPAND_SLOTS;
            this.mbConvMs = new double[slots];
            this.keys = new String[slots];
            Arrays.fill(mbConvMs, Double.NaN);
            Map<String, LookupTable.Entry> entries = table.entries(resolution);
            for (int stage = 0; stage < Architecture.STAGES; stage++) {
                for (int position = 0; position < 2; position++) {
                    for (int k : KNOWN_KERNEL_SIZES) {
                        for (int e : KNOWN_EXPAND_RATIOS) {
                            int slot = slot(stage, position, k, e);
                            keys[slot] = LookupTable.key(model.mbConvBlock(resolution, stage, position, k, e));
                            LookupTable.Entry entry = entries.get(keys[slot]);
                            if (entry != null) {
                                mbConvMs[slot] = entry.mean();
                            }
                        }
                    }
                }
            }
        }

        /** Every position after the first has the same input shape, so two positions cover a stage. */
        private static int slot(int stage, int position, int kernelSize, int expandRatio) {
            int later = position == 0 ? 0 : 1;
            return ((stage * 2 + later) * KERNEL_SLOTS + kernelSize) * EXPAND_SLOTS + expandRatio;
        }

        double mbConvMs(int stage, int position, int kernelSize, int expandRatio) {
            boolean known = kernelSize > 0 && kernelSize < KERNEL_SLOTS && expandRatio > 0 && expandRatio < EXPAND_SLOTS;
            int slot = known ? slot(stage, position, kernelSize, expandRatio) : -1;
            if (slot < 0 || keys[slot] == null) {
                // a gene no known space uses: look it up by key
                Block block = model.mbConvBlock(resolution, stage, position, kernelSize, expandRatio);
                return table.entry(resolution, LookupTable.key(block)).mean();
            }
            double ms = mbConvMs[slot];
            if (Double.isNaN(ms)) {
                throw table.missingKey(resolution, keys[slot]);
            }
            return ms;
        }
    }

    private static int[] union(List<SearchSpace> spaces, boolean kernels) {
        return spaces.stream()
                .flatMapToInt(s -> Arrays.stream(kernels ? s.kernelSizes() : s.expandRatios()))
                .distinct()
                .sorted()
                .toArray();
    }

    @Override
    public String toString() {
        return "LookupTableDevice[" + hardwareId + ", " + table.directory() + "]";
    }
}
