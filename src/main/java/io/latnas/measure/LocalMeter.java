package io.latnas.measure;

import io.latnas.common.InvalidInputException;
import io.latnas.cost.Block;
import io.latnas.cost.NetworkCostModel;
import io.latnas.latency.LookupTable;
import io.latnas.measure.dl4j.OfaGraphBuilder;
import io.latnas.space.Architecture;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Measures subnets and blocks on this machine's CPU with Deeplearning4j: builds the network with
 * seeded random weights ({@link OfaGraphBuilder}), runs the warm-up passes, then times each of the
 * timed passes of {@code output()} on one fixed random input. The latency is the median of the timed
 * passes.
 *
 * <p>Measurements never overlap: every meter of the machine takes the same device lock (see
 * {@code DeviceLock}), so two meters, in one process or two, take turns and a caller waits while
 * another measures. ND4J's intra-op thread limits are process-wide; the meter sets OpenMP's and
 * OpenBLAS's to its own count inside the lock, before each measurement, and records what they read
 * back. libnd4j's own thread pool keeps the size it got at start-up (from {@code OMP_NUM_THREADS}, else
 * the core count), so for a meter of {@code n} threads start the JVM with {@code OMP_NUM_THREADS=n};
 * the meter logs a warning when the pool differs, and each measurement records the pool's size and
 * the CPU time per wall time the timed runs really used.
 *
 * <p>A few built networks are kept (least recently used dropped first), so measuring the same subnet
 * again skips the build. Thread-safe.
 */
public final class LocalMeter implements Meter {

    public static final String KIND = "measured";

    private static final Logger LOG = LoggerFactory.getLogger(LocalMeter.class);

    /** Block index of a whole network in the cache key. */
    private static final int WHOLE = -1;

    private final MeterSettings settings;
    private final NetworkCostModel model;
    private final OfaGraphBuilder builder;
    private final Map<NetworkKey, Prepared> cache;
    private boolean warnedAboutPool;

    private LocalMeter(MeterSettings settings) {
        this.settings = settings;
        this.model = NetworkCostModel.of(settings.widthMultiplier());
        this.builder = new OfaGraphBuilder(model, settings.seed());
        int capacity = settings.cachedNetworks();
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<NetworkKey, Prepared> eldest) {
                if (size() <= capacity) {
                    return false;
                }
                eldest.getValue().graph.close();
                return true;
            }
        };
    }

    public static LocalMeter create(MeterSettings settings) {
        return new LocalMeter(settings);
    }

    /**
     * A meter for hardware id {@code local}.
     *
     * @throws InvalidInputException naming the first argument out of range
     */
    public static LocalMeter create(double widthMultiplier, int threads, int warmupRuns, int timedRuns, long seed) {
        return new LocalMeter(MeterSettings.of(widthMultiplier, threads, warmupRuns, timedRuns, seed));
    }

    public MeterSettings settings() {
        return settings;
    }

    @Override
    public String hardwareId() {
        return settings.hardwareId();
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public double widthMultiplier() {
        return settings.widthMultiplier();
    }

    @Override
    public Measurement measure(Architecture arch, int batchSize) {
        requireBatch(batchSize);
        return run(new NetworkKey(arch, WHOLE, batchSize), arch.toString());
    }

    @Override
    public Measurement measureBlock(Architecture arch, int blockIndex, int batchSize) {
        requireBatch(batchSize);
        List<Block> blocks = model.blocks(arch);
        if (blockIndex < 0 || blockIndex >= blocks.size()) {
            throw new InvalidInputException("block", "block " + blockIndex + " is outside 0.." + (blocks.size() - 1)
                    + " of " + arch);
        }
        return run(new NetworkKey(arch, blockIndex, batchSize), LookupTable.key(blocks.get(blockIndex)));
    }

    private static void requireBatch(int batchSize) {
        if (batchSize < 1) {
            throw new InvalidInputException("batch-size", "batch size " + batchSize + " must be at least 1");
        }
    }

    private Measurement run(NetworkKey key, String subject) {
        try (DeviceLock.Held ignored = DeviceLock.MACHINE.acquire()) {
            HostFacts.Threads threads = HostFacts.setThreads(settings.threads());
            warnOnceIfPoolDiffers(threads);
            MeasurementInfo info = info(key.batchSize, threads, HostFacts.loadAverage());
            Instant startedAt = Instant.now();
            long start = System.nanoTime();
            Prepared prepared = cache.get(key);
            long buildNanos = 0;
            if (prepared == null) {
                prepared = prepare(key);
                buildNanos = System.nanoTime() - start;
                if (settings.cachedNetworks() > 0) {
                    cache.put(key, prepared);
                }
            }
            for (int i = 0; i < settings.warmupRuns(); i++) {
                prepared.graph.outputSingle(prepared.input);
            }
            double[] runsMs = new double[settings.timedRuns()];
            double[] cpuMs = new double[runsMs.length];
            long processCpuStart = HostFacts.processCpuNanos();
            long timedStart = System.nanoTime();
            for (int i = 0; i < runsMs.length; i++) {
                long cpuStart = HostFacts.threadCpuNanos();
                long runStart = System.nanoTime();
                prepared.graph.outputSingle(prepared.input);
                runsMs[i] = (System.nanoTime() - runStart) / 1e6;
                cpuMs[i] = cpuStart < 0 ? Double.NaN : (HostFacts.threadCpuNanos() - cpuStart) / 1e6;
            }
            long timedWall = System.nanoTime() - timedStart;
            double cpuPerWall = processCpuStart < 0 ? Double.NaN
                    : (double) (HostFacts.processCpuNanos() - processCpuStart) / timedWall;
            Instant finishedAt = Instant.now();
            if (settings.cachedNetworks() == 0) {
                prepared.graph.close();
            }
            return Measurement.of(subject, runsMs, cpuMs, cpuPerWall, startedAt, finishedAt,
                    Duration.ofNanos(buildNanos), Duration.ofNanos(System.nanoTime() - start), info);
        }
    }

    private void warnOnceIfPoolDiffers(HostFacts.Threads threads) {
        if (threads.nd4j() != settings.threads() && !warnedAboutPool) {
            warnedAboutPool = true;
            LOG.warn("{} threads asked for, but libnd4j's thread pool has {} (sized at start-up from OMP_NUM_THREADS"
                    + " or the core count); OpenMP and OpenBLAS are set to {}", settings.threads(), threads.nd4j(),
                    settings.threads());
        }
    }

    private Prepared prepare(NetworkKey key) {
        ComputationGraph graph = key.blockIndex == WHOLE
                ? builder.network(key.arch)
                : builder.block(key.arch, key.blockIndex);
        Block first = model.blocks(key.arch).get(key.blockIndex == WHOLE ? 0 : key.blockIndex);
        INDArray input = OfaGraphBuilder.randomInput(OfaGraphBuilder.inputShape(first.input(), key.batchSize),
                settings.seed());
        return new Prepared(graph, input);
    }

    /**
     * The conditions this meter measures under, as recorded with a measurement at this batch size;
     * thread limits and load are read now.
     */
    public MeasurementInfo info(int batchSize) {
        try (DeviceLock.Held ignored = DeviceLock.MACHINE.acquire()) {
            return info(batchSize, HostFacts.setThreads(settings.threads()), HostFacts.loadAverage());
        }
    }

    private MeasurementInfo info(int batchSize, HostFacts.Threads threads, double loadAverage) {
        return new MeasurementInfo(settings.hardwareId(), HostFacts.CPU_MODEL, HostFacts.LOGICAL_CORES,
                HostFacts.OS_NAME, HostFacts.JVM, HostFacts.nd4jBackend(), HostFacts.blasVendor(), settings.threads(),
                threads.nd4j(), threads.omp(), threads.blas(), settings.warmupRuns(), settings.timedRuns(), batchSize,
                settings.seed(), loadAverage);
    }

    private record NetworkKey(Architecture arch, int blockIndex, int batchSize) {
    }

    private record Prepared(ComputationGraph graph, INDArray input) {
    }

    @Override
    public String toString() {
        return "LocalMeter[" + settings.hardwareId() + ", " + settings.threads() + " threads, width "
                + settings.widthMultiplier() + "]";
    }
}
