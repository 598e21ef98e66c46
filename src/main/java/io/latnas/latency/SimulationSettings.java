package io.latnas.latency;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValueType;
import io.latnas.common.InvalidInputException;
import io.latnas.hardware.HardwareKind;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Settings of the roofline simulator, read once from {@code latnas.simulation} (conf/simulation.conf):
 * the measurement noise and one {@link DeviceModel} per kind of hardware.
 *
 * @param noiseSigma sigma of the multiplicative log-normal noise; 0 gives exact, repeatable numbers
 * @param seed       seed of the noise stream
 */
public record SimulationSettings(double noiseSigma, long seed, DeviceModel gpu, DeviceModel cpu,
                                 DeviceModel mobile) {

    /** Where these settings live in the application configuration. */
    public static final String CONFIG_PATH = "latnas.simulation";

    public SimulationSettings {
        if (!(noiseSigma >= 0) || Double.isInfinite(noiseSigma)) {
            throw new InvalidInputException("noise-sigma", "noise-sigma must be zero or positive, got " + noiseSigma);
        }
        Objects.requireNonNull(gpu, "gpu");
        Objects.requireNonNull(cpu, "cpu");
        Objects.requireNonNull(mobile, "mobile");
    }

    /**
     * How the simulator prices layers on one kind of device. Efficiencies are fractions of the
     * catalog's peak FP32 rate that a layer type reaches on a full device.
     *
     * @param opOverheadUs             host time to dispatch one framework operator, in microseconds
     * @param overlapDispatch          whether the device runs an operator while the host dispatches the
     *                                 next (GPUs: an operator costs the longer of the two), or not (the
     *                                 two add up)
     * @param fusedEpilogue            whether batch norm and activations run inside the convolution
     *                                 (TFLite) rather than as separate element-wise kernels (PyTorch eager)
     * @param threads                  cores used; 0 means all of them
     * @param pointwiseEfficiency      1x1 convolutions
     * @param depthwiseEfficiency      depthwise convolutions
     * @param firstConvEfficiency      dense k x k convolutions (the stem)
     * @param classifierEfficiency     fully connected layers
     * @param memoryEfficiency         fraction of peak DRAM bandwidth a streaming kernel reaches
     * @param cacheBandwidthFactor     how much faster than DRAM a tensor that fits in the last-level cache moves
     * @param occupancyOutputsPerCore  output values per core at which a kernel runs at half its full
     *                                 throughput; 0 means the device is always full
     * @param perCoreBandwidthGbps     DRAM bandwidth one core can draw; 0 means no per-core limit
     * @param architectureEfficiency   multiplier of compute efficiency and achieved bandwidth per catalog
     *                                 architecture ({@code Pascal}); architectures not named get 1
     */
    public record DeviceModel(double opOverheadUs, boolean overlapDispatch, boolean fusedEpilogue, int threads, double pointwiseEfficiency,
                              double depthwiseEfficiency, double firstConvEfficiency, double classifierEfficiency,
                              double memoryEfficiency, double cacheBandwidthFactor, double occupancyOutputsPerCore,
                              double perCoreBandwidthGbps, Map<String, Double> architectureEfficiency) {

        public DeviceModel {
            requireAtLeast("op-overhead-us", opOverheadUs, 0);
            if (threads < 0) {
                throw new InvalidInputException("threads", "threads must be zero (all cores) or positive, got " + threads);
            }
            requireFraction("pointwise-efficiency", pointwiseEfficiency);
            requireFraction("depthwise-efficiency", depthwiseEfficiency);
            requireFraction("first-conv-efficiency", firstConvEfficiency);
            requireFraction("classifier-efficiency", classifierEfficiency);
            requireFraction("memory-efficiency", memoryEfficiency);
            requireAtLeast("cache-bandwidth-factor", cacheBandwidthFactor, 1);
            requireAtLeast("occupancy-outputs-per-core", occupancyOutputsPerCore, 0);
            requireAtLeast("per-core-bandwidth-gbps", perCoreBandwidthGbps, 0);
            architectureEfficiency = Map.copyOf(architectureEfficiency);
            architectureEfficiency.forEach((arch, factor) -> requireFraction("architecture-efficiency." + arch, factor));
        }

        /** The efficiency multiplier of a catalog architecture, 1 unless configured. */
        public double architectureEfficiency(String architecture) {
            return architectureEfficiency.getOrDefault(architecture, 1.0);
        }

        private static void requireFraction(String field, double value) {
            if (!(value > 0 && value <= 1)) {
                throw new InvalidInputException(field, field + " must be in (0, 1], got " + value);
            }
        }

        private static void requireAtLeast(String field, double value, double least) {
            if (!(value >= least) || Double.isInfinite(value)) {
                throw new InvalidInputException(field, field + " must be at least " + least + ", got " + value);
            }
        }
    }

    /** The device model for this kind of hardware. */
    public DeviceModel forKind(HardwareKind kind) {
        return switch (kind) {
            case GPU -> gpu;
            case CPU -> cpu;
            case MOBILE -> mobile;
        };
    }

    /** The same device models with other noise. */
    public SimulationSettings withNoise(double sigma, long newSeed) {
        return new SimulationSettings(sigma, newSeed, gpu, cpu, mobile);
    }

    private static final Set<String> TOP_FIELDS = Set.of("noise-sigma", "seed", "gpu", "cpu", "mobile");
    private static final Set<String> DEVICE_FIELDS = Set.of("op-overhead-us", "overlap-dispatch", "fused-epilogue", "threads",
            "pointwise-efficiency", "depthwise-efficiency", "first-conv-efficiency", "classifier-efficiency",
            "memory-efficiency", "cache-bandwidth-factor", "occupancy-outputs-per-core", "per-core-bandwidth-gbps",
            "architecture-efficiency");

    /**
     * Reads {@code latnas.simulation}.
     *
     * @throws InvalidInputException naming the full key of a missing, mistyped, misspelt or out-of-range setting
     */
    public static SimulationSettings fromConfig(Config config) {
        Config resolved = config.isResolved() ? config : config.resolve();
        if (!resolved.hasPath(CONFIG_PATH)) {
            throw new InvalidInputException(CONFIG_PATH, "the configuration has no " + CONFIG_PATH
                    + " (is simulation.conf included under latnas.simulation?)");
        }
        Config c = resolved.getConfig(CONFIG_PATH);
        checkKnown(c, TOP_FIELDS, CONFIG_PATH);
        try {
            double sigma = number(c, "noise-sigma", CONFIG_PATH);
            long seed = c.getLong("seed");
            return new SimulationSettings(sigma, seed, device(c, "gpu"), device(c, "cpu"), device(c, "mobile"));
        } catch (ConfigException.Missing | ConfigException.WrongType e) {
            throw new InvalidInputException(CONFIG_PATH, CONFIG_PATH + ": " + e.getMessage());
        } catch (InvalidInputException e) {
            throw qualified(e, CONFIG_PATH);
        }
    }

    private static DeviceModel device(Config parent, String kind) {
        String where = CONFIG_PATH + "." + kind;
        if (!parent.hasPath(kind) || parent.getValue(kind).valueType() != ConfigValueType.OBJECT) {
            throw new InvalidInputException(where, where + " is missing or not an object");
        }
        Config c = parent.getConfig(kind);
        checkKnown(c, DEVICE_FIELDS, where);
        try {
            return new DeviceModel(
                    number(c, "op-overhead-us", where),
                    c.getBoolean("overlap-dispatch"),
                    c.getBoolean("fused-epilogue"),
                    c.hasPath("threads") ? c.getInt("threads") : 0,
                    number(c, "pointwise-efficiency", where),
                    number(c, "depthwise-efficiency", where),
                    number(c, "first-conv-efficiency", where),
                    number(c, "classifier-efficiency", where),
                    number(c, "memory-efficiency", where),
                    number(c, "cache-bandwidth-factor", where),
                    c.hasPath("occupancy-outputs-per-core") ? number(c, "occupancy-outputs-per-core", where) : 0,
                    c.hasPath("per-core-bandwidth-gbps") ? number(c, "per-core-bandwidth-gbps", where) : 0,
                    architectureEfficiency(c, where));
        } catch (ConfigException.Missing | ConfigException.WrongType e) {
            throw new InvalidInputException(where, where + ": " + e.getMessage());
        } catch (InvalidInputException e) {
            throw qualified(e, where);
        }
    }

    private static Map<String, Double> architectureEfficiency(Config c, String where) {
        String field = "architecture-efficiency";
        if (!c.hasPath(field)) {
            return Map.of();
        }
        Map<String, Double> factors = new TreeMap<>();
        for (String architecture : c.getObject(field).keySet()) {
            factors.put(architecture, c.getObject(field).toConfig().getDouble(ConfigUtil.joinPath(architecture)));
        }
        return factors;
    }

    private static double number(Config c, String field, String where) {
        if (!c.hasPath(field)) {
            throw new InvalidInputException(where + "." + field, where + "." + field + " is missing");
        }
        return c.getDouble(field);
    }

    private static void checkKnown(Config c, Set<String> known, String where) {
        for (String key : c.root().keySet()) {
            if (!known.contains(key)) {
                throw new InvalidInputException(where + "." + key, "unknown setting " + where + "." + key
                        + "; known: " + String.join(", ", new TreeSet<>(known)));
            }
        }
    }

    /** Prefixes a record's field complaint with where the setting lives, once. */
    private static InvalidInputException qualified(InvalidInputException e, String where) {
        if (e.field() == null || e.field().startsWith(CONFIG_PATH)) {
            return e;
        }
        return new InvalidInputException(where + "." + e.field(), where + "." + e.getMessage());
    }
}
