package io.latnas.measure;

import com.typesafe.config.Config;
import io.latnas.common.InvalidInputException;

/**
 * How a {@link LocalMeter} measures.
 *
 * @param hardwareId      the id its numbers are filed under, e.g. {@code local} or {@code xeon-2c}
 * @param widthMultiplier the network width (the search space's), 1.0 or 1.2 for OFA's spaces
 * @param threads         intra-op threads for ND4J, OpenMP and OpenBLAS
 * @param warmupRuns      untimed forward passes before timing, for the JIT, caches and workspaces
 * @param timedRuns       timed forward passes; the latency is their median
 * @param seed            seed of the random weights and input
 * @param cachedNetworks  built networks kept for re-measurement, least recently used dropped first
 */
public record MeterSettings(String hardwareId, double widthMultiplier, int threads, int warmupRuns, int timedRuns,
                            long seed, int cachedNetworks) {

    public static final String DEFAULT_HARDWARE_ID = "local";
    public static final int DEFAULT_CACHED_NETWORKS = 4;

    /**
     * @throws InvalidInputException naming the first setting that is out of range
     */
    public MeterSettings {
        if (hardwareId == null || hardwareId.isBlank()) {
            throw new InvalidInputException("hardware", "a meter needs a hardware id");
        }
        if (!(widthMultiplier > 0) || Double.isInfinite(widthMultiplier)) {
            throw new InvalidInputException("width", "width multiplier " + widthMultiplier
                    + " must be a positive number");
        }
        if (threads < 1) {
            throw new InvalidInputException("threads", "threads=" + threads + " must be at least 1");
        }
        if (warmupRuns < 0) {
            throw new InvalidInputException("warmup", "warmup=" + warmupRuns + " must not be negative");
        }
        if (timedRuns < 1) {
            throw new InvalidInputException("runs", "runs=" + timedRuns + " must be at least 1");
        }
        if (cachedNetworks < 0) {
            throw new InvalidInputException("cache", "cached networks=" + cachedNetworks + " must not be negative");
        }
    }

    /**
     * The {@code latnas.measure} block of the configuration, for networks of this width.
     *
     * @throws InvalidInputException naming the first setting that is out of range
     * @throws com.typesafe.config.ConfigException when a setting is missing or not a number
     */
    public static MeterSettings fromConfig(Config config, double widthMultiplier) {
        Config c = config.getConfig("latnas.measure");
        return new MeterSettings(c.getString("hardware-id"), widthMultiplier, c.getInt("threads"),
                c.getInt("warmup-runs"), c.getInt("timed-runs"), c.getLong("seed"), c.getInt("cached-networks"));
    }

    /** Settings for the {@code local} hardware id, keeping the default number of networks. */
    public static MeterSettings of(double widthMultiplier, int threads, int warmupRuns, int timedRuns, long seed) {
        return new MeterSettings(DEFAULT_HARDWARE_ID, widthMultiplier, threads, warmupRuns, timedRuns, seed,
                DEFAULT_CACHED_NETWORKS);
    }

    public MeterSettings withHardwareId(String id) {
        return new MeterSettings(id, widthMultiplier, threads, warmupRuns, timedRuns, seed, cachedNetworks);
    }

    public MeterSettings withThreads(int n) {
        return new MeterSettings(hardwareId, widthMultiplier, n, warmupRuns, timedRuns, seed, cachedNetworks);
    }

    public MeterSettings withCachedNetworks(int n) {
        return new MeterSettings(hardwareId, widthMultiplier, threads, warmupRuns, timedRuns, seed, n);
    }
}
