package io.latnas.hardware;

import io.latnas.common.InvalidInputException;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Public specifications of one device, as the catalog reads them from {@code latnas.hardware.profiles}.
 * Numbers are the vendor's peak figures; the simulator derives achievable rates from them.
 *
 * @param id               short lowercase id ({@code rtx2080ti}, {@code note10})
 * @param name             the product name a person would recognise
 * @param kind             cpu, gpu or mobile
 * @param vendor           who sells it
 * @param architecture     micro-architecture or generation ({@code Turing}, {@code Skylake-SP})
 * @param year             year of release
 * @param cores            CUDA cores for GPUs, physical cores for CPUs, big+little cores for phones
 * @param smCount          streaming multiprocessors of a GPU; 0 for CPUs and phones
 * @param memoryGb         device memory of a GPU; RAM of the modelled system otherwise
 * @param memoryType       DRAM technology, free text; empty when not given
 * @param bandwidthGbps    peak DRAM bandwidth in GB/s
 * @param peakFp32Gflops   peak FP32 throughput in GFLOP/s
 * @param clockMhz         boost clock (GPUs), base clock (server CPUs) or prime-core clock (phones)
 * @param cacheMb          last-level cache in MB (L2 on GPUs); 0 when not known
 * @param singleCoreGflops peak FP32 of the fastest core; for GPUs, peak divided by cores
 * @param defaultSource    latency source kind that backs this device unless told otherwise
 * @param lookupTable      OFA-style per-layer latency table, when there is one
 * @param replay           measured latencies in the help-ofa CSV layout, when there are some
 * @param source           the public datasheets the numbers come from
 */
public record HardwareProfile(
        String id,
        String name,
        HardwareKind kind,
        String vendor,
        String architecture,
        int year,
        int cores,
        int smCount,
        double memoryGb,
        String memoryType,
        double bandwidthGbps,
        double peakFp32Gflops,
        double clockMhz,
        double cacheMb,
        double singleCoreGflops,
        String defaultSource,
        Optional<LookupTable> lookupTable,
        Optional<Replay> replay,
        String source) {

    /** Source kind of the roofline simulator. */
    public static final String SIMULATED = "simulated";
    /** Source kind of OFA's per-layer lookup table. */
    public static final String LOOKUP_TABLE = "lookup-table";
    /** Source kind of replayed measurements. */
    public static final String REPLAY = "replay";
    /** Every source kind a profile may name as its default. */
    public static final List<String> SOURCE_KINDS = List.of(SIMULATED, LOOKUP_TABLE, REPLAY);

    /** Names of {@link #gpuFeatures()}, in order: the three GPU parameters of paper §4.3. */
    public static final List<String> GPU_FEATURE_NAMES = List.of("cores", "memory-gb", "bandwidth-gbps");

    /** An OFA-style lookup table: one YAML file per resolution, built for one width multiplier. */
    public record LookupTable(Path dir, double widthMultiplier) {
        public LookupTable {
            Objects.requireNonNull(dir, "dir");
        }
    }

    /** Measured latencies in the help-ofa layout: columns {@code <columnPrefix>_<batch>_ms}. */
    public record Replay(Path file, String columnPrefix) {
        public Replay {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(columnPrefix, "columnPrefix");
        }
    }

    public HardwareProfile {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(vendor, "vendor");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(memoryType, "memoryType");
        Objects.requireNonNull(defaultSource, "defaultSource");
        Objects.requireNonNull(lookupTable, "lookupTable");
        Objects.requireNonNull(replay, "replay");
        Objects.requireNonNull(source, "source");
        if (!SOURCE_KINDS.contains(defaultSource)) {
            throw new IllegalArgumentException("default source '" + defaultSource + "' is not one of " + SOURCE_KINDS);
        }
    }

    public boolean isGpu() {
        return kind == HardwareKind.GPU;
    }

    /**
     * The hardware part of the GPU-generalised predictor's input (paper §4.3): number of cores,
     * memory in GB and memory bandwidth in GB/s, in the order of {@link #GPU_FEATURE_NAMES}.
     *
     * @throws InvalidInputException when this device is not a GPU; the paper defines the features for GPUs only
     */
    public double[] gpuFeatures() {
        if (!isGpu()) {
            throw new InvalidInputException("hardware", "hardware '" + id + "' is a " + kind
                    + "; the GPU features (cores, memory, bandwidth) exist only for GPUs");
        }
        return new double[] {cores, memoryGb, bandwidthGbps};
    }
}
