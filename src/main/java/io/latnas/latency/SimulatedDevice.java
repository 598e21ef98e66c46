package io.latnas.latency;

import io.latnas.common.InvalidInputException;
import io.latnas.cost.Layer;
import io.latnas.cost.NetworkCostModel;
import io.latnas.hardware.HardwareProfile;
import io.latnas.space.Architecture;
import io.latnas.space.SearchSpace;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A simulated device: a per-layer roofline over the {@link NetworkCostModel}'s layers on one
 * catalog profile, with seeded multiplicative log-normal measurement noise (see conf/simulation.conf).
 * Deeper, wider or larger-input subnets are never faster, and larger batches never take less time.
 *
 * <p>Thread-safe. Block times are computed once per (batch size, resolution, stage, position, kernel,
 * expand ratio) and then summed, so a call allocates nothing. Noise is a counter-based draw keyed by
 * (seed, hardware, architecture, batch, repeat): the same inputs give the same numbers in any call order.
 */
public final class SimulatedDevice implements LatencySource {

    /** The {@link #kind()} of every simulated device. */
    public static final String KIND = HardwareProfile.SIMULATED;

    /** Batch sizes and resolutions up to these are cached; larger ones are computed afresh each call. */
    private static final int MAX_CACHED_BATCH = 1024;
    private static final int MAX_CACHED_RESOLUTION = 1024;
    /** Kernel sizes 1..MAX_CACHED_KERNEL and expand ratios 1..MAX_CACHED_EXPAND are cached. */
    private static final int MAX_CACHED_KERNEL = 9;
    private static final int MAX_CACHED_EXPAND = 8;
    /** Two positions per stage matter: the first block (stride, width change) and any later one. */
    private static final int POSITIONS = 2;
    private static final int SLOTS = Architecture.STAGES * POSITIONS * MAX_CACHED_KERNEL * MAX_CACHED_EXPAND;
    private static final int FIXED_SLOT = SLOTS;
    private static final long MISSING = Double.doubleToRawLongBits(Double.NaN);
    /** SplitMix64's increment (Steele, Lea and Flood 2014). */
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private final HardwareProfile hardware;
    private final NetworkCostModel costModel;
    private final SimulationSettings settings;
    private final RooflineModel roofline;
    private final double noiseSigma;
    private final long noiseBase;
    /** [batch][resolution] -> seconds of each block, {@link #MISSING} until computed. */
    private final AtomicReferenceArray<AtomicReferenceArray<AtomicLongArray>> blockSeconds =
            new AtomicReferenceArray<>(MAX_CACHED_BATCH + 1);

    /**
     * A device for subnets at {@code costModel}'s width, priced with the settings for the profile's kind.
     */
    public SimulatedDevice(HardwareProfile hardware, NetworkCostModel costModel, SimulationSettings settings) {
        this.hardware = Objects.requireNonNull(hardware, "hardware");
        this.costModel = Objects.requireNonNull(costModel, "costModel");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.roofline = new RooflineModel(hardware, settings.forKind(hardware.kind()));
        this.noiseSigma = settings.noiseSigma();
        this.noiseBase = mix(mix(settings.seed()) ^ hardware.id().hashCode());
    }

    /** A device for the subnets of {@code space} (its width multiplier). */
    public static SimulatedDevice forSpace(HardwareProfile hardware, SearchSpace space, SimulationSettings settings) {
        return new SimulatedDevice(hardware, NetworkCostModel.of(space), settings);
    }

    @Override
    public String hardwareId() {
        return hardware.id();
    }

    @Override
    public String kind() {
        return KIND;
    }

    public HardwareProfile hardware() {
        return hardware;
    }

    public SimulationSettings settings() {
        return settings;
    }

    public double widthMultiplier() {
        return costModel.widthMultiplier();
    }

    /**
     * A simulated measurement: the model's latency times the noise drawn for this architecture and
     * batch size (repeat 0). The draw depends on the seed, architecture and batch alone, never on call
     * order, so datasets built on several threads are the same as on one.
     *
     * @throws InvalidInputException when the batch size is not positive
     */
    @Override
    public double latencyMs(Architecture arch, int batchSize) {
        return latencyMs(arch, batchSize, 0);
    }

    /**
     * Measurement number {@code repeat} of an architecture: each repeat draws independent noise, and
     * the same (architecture, batch, repeat) always gives the same number.
     *
     * @throws InvalidInputException when the batch size is not positive
     */
    public double latencyMs(Architecture arch, int batchSize, int repeat) {
        double exact = exactLatencyMs(arch, batchSize);
        return noiseSigma == 0 ? exact : exact * noise(noiseIndex(arch, batchSize, repeat));
    }

    private static long noiseIndex(Architecture arch, int batchSize, int repeat) {
        return mix(((long) arch.hashCode() << 32) ^ mix(((long) batchSize << 32) | (repeat & 0xFFFFFFFFL)));
    }

    /**
     * The model's latency without measurement noise; draws nothing from the noise stream.
     *
     * @throws InvalidInputException when the batch size is not positive
     */
    public double exactLatencyMs(Architecture arch, int batchSize) {
        Objects.requireNonNull(arch, "arch");
        if (batchSize < 1) {
            throw new InvalidInputException("batch", "batch size must be at least 1, got " + batchSize);
        }
        int r = arch.resolution();
        if (batchSize > MAX_CACHED_BATCH || r > MAX_CACHED_RESOLUTION || !cacheable(arch)) {
            return 1e3 * uncachedSeconds(arch, batchSize);
        }
        AtomicLongArray table = table(batchSize, r);
        double seconds = cached(table, FIXED_SLOT, arch, batchSize);
        for (int stage = 0; stage < Architecture.STAGES; stage++) {
            for (int position = 0; position < arch.depth(stage); position++) {
                int layer = stage * Architecture.MAX_DEPTH + position;
                int slot = slot(stage, position, arch.kernelSize(layer), arch.expandRatio(layer));
                seconds += cached(table, slot, arch, batchSize);
            }
        }
        return 1e3 * seconds;
    }

    /** {@link #exactLatencyMs} straight from the layer list, bypassing the block cache. */
    double uncachedLatencyMs(Architecture arch, int batchSize) {
        return 1e3 * uncachedSeconds(arch, batchSize);
    }

    /** Sum over every layer of the subnet, without the cache. */
    private double uncachedSeconds(Architecture arch, int batchSize) {
        double seconds = 0;
        for (Layer layer : costModel.layers(arch)) {
            seconds += roofline.layerSeconds(layer, batchSize);
        }
        return seconds;
    }

    private static boolean cacheable(Architecture arch) {
        for (int layer = 0; layer < Architecture.MAX_LAYERS; layer++) {
            if (arch.isActive(layer)) {
                int k = arch.kernelSize(layer);
                int e = arch.expandRatio(layer);
                if (k < 1 || k > MAX_CACHED_KERNEL || e < 1 || e > MAX_CACHED_EXPAND) {
                    return false;
                }
            }
        }
        return true;
    }

    private static int slot(int stage, int position, int kernelSize, int expandRatio) {
        int first = position == 0 ? 0 : 1;
        return ((stage * POSITIONS + first) * MAX_CACHED_KERNEL + kernelSize - 1) * MAX_CACHED_EXPAND + expandRatio - 1;
    }

    private AtomicLongArray table(int batchSize, int resolution) {
        AtomicReferenceArray<AtomicLongArray> byResolution = blockSeconds.get(batchSize);
        if (byResolution == null) {
            blockSeconds.compareAndSet(batchSize, null, new AtomicReferenceArray<>(MAX_CACHED_RESOLUTION + 1));
            byResolution = blockSeconds.get(batchSize);
        }
        AtomicLongArray table = byResolution.get(resolution);
        if (table == null) {
            long[] missing = new long[SLOTS + 1];
            Arrays.fill(missing, MISSING);
            byResolution.compareAndSet(resolution, null, new AtomicLongArray(missing));
            table = byResolution.get(resolution);
        }
        return table;
    }

    private double cached(AtomicLongArray table, int slot, Architecture arch, int batchSize) {
        long bits = table.get(slot);
        if (bits == MISSING) {
            fill(table, arch, batchSize);
            bits = table.get(slot);
        }
        return Double.longBitsToDouble(bits);
    }

    /**
     * Prices every block of {@code arch} and stores the times. The cost model numbers blocks in
     * forward order: the stem and the first block, then one per active MBConv layer, then the head.
     * The stem, first block and head depend only on the resolution, so they share one slot. Racing
     * threads compute the same numbers, so whichever write lands is right.
     */
    private void fill(AtomicLongArray table, Architecture arch, int batchSize) {
        List<Layer> layers = costModel.layers(arch);
        int mbConvBlocks = arch.activeLayers();
        double[] perBlock = new double[layers.get(layers.size() - 1).block() + 1];
        for (Layer layer : layers) {
            perBlock[layer.block()] += roofline.layerSeconds(layer, batchSize);
        }
        int firstMbConv = 2;
        double fixed = 0;
        for (int block = 0; block < perBlock.length; block++) {
            if (block < firstMbConv || block >= firstMbConv + mbConvBlocks) {
                fixed += perBlock[block];
            }
        }
        table.set(FIXED_SLOT, Double.doubleToRawLongBits(fixed));
        int block = firstMbConv;
        for (int stage = 0; stage < Architecture.STAGES; stage++) {
            for (int position = 0; position < arch.depth(stage); position++) {
                int layer = stage * Architecture.MAX_DEPTH + position;
                int slot = slot(stage, position, arch.kernelSize(layer), arch.expandRatio(layer));
                table.set(slot, Double.doubleToRawLongBits(perBlock[block++]));
            }
        }
    }

    /** exp(sigma * z) with z the standard normal draw number {@code n} of this device's stream. */
    private double noise(long n) {
        long a = mix(noiseBase + (2 * n + 1) * GOLDEN_GAMMA);
        long b = mix(noiseBase + (2 * n + 2) * GOLDEN_GAMMA);
        double u1 = ((a >>> 11) + 1) * 0x1.0p-53;
        double u2 = (b >>> 11) * 0x1.0p-53;
        double z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
        return Math.exp(noiseSigma * z);
    }

    /** SplitMix64's finaliser. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public String toString() {
        return "SimulatedDevice[" + hardware.id() + ", width " + costModel.widthMultiplier() + "]";
    }
}
