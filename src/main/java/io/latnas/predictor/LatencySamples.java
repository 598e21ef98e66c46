package io.latnas.predictor;

import io.latnas.common.InvalidInputException;
import io.latnas.space.Architecture;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Rows a predictor learns from or is judged on: an architecture, the hardware it ran on (an id and,
 * for hardware-aware encoders, the raw features in {@link io.latnas.encoding.HardwareFeatures}
 * order), the batch size and the measured latency in milliseconds. Immutable. It carries a dataset
 * hash that trained predictors record: the one a dataset file was given, or a SHA-256 of the rows.
 */
public final class LatencySamples {

    private final List<Architecture> architectures;
    private final String[] hardwareIds;
    private final double[][] hardwareFeatures;
    private final int[] batchSizes;
    private final double[] latenciesMs;
    private final String spaceId;
    private volatile String datasetHash;

    private LatencySamples(List<Architecture> architectures, String[] hardwareIds, double[][] hardwareFeatures,
                           int[] batchSizes, double[] latenciesMs, String spaceId, String datasetHash) {
        this.architectures = architectures;
        this.spaceId = spaceId;
        this.hardwareIds = hardwareIds;
        this.hardwareFeatures = hardwareFeatures;
        this.batchSizes = batchSizes;
        this.latenciesMs = latenciesMs;
        this.datasetHash = datasetHash;
    }

    /** Rows of one hardware target (one hardware id, one batch size, no hardware features). */
    public static LatencySamples of(List<Architecture> architectures, String hardwareId, int batchSize,
                                    double[] latenciesMs) {
        if (architectures.size() != latenciesMs.length) {
            throw new InvalidInputException("latency_ms", architectures.size() + " architectures but "
                    + latenciesMs.length + " latencies");
        }
        Builder b = builder();
        for (int i = 0; i < latenciesMs.length; i++) {
            b.add(architectures.get(i), hardwareId, null, batchSize, latenciesMs[i]);
        }
        return b.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public int size() {
        return latenciesMs.length;
    }

    public boolean isEmpty() {
        return latenciesMs.length == 0;
    }

    public Architecture architecture(int row) {
        return architectures.get(row);
    }

    /** The architectures in row order (unmodifiable). */
    public List<Architecture> architectures() {
        return architectures;
    }

    public String hardwareId(int row) {
        return hardwareIds[row];
    }

    /** Raw hardware features of a row, or {@code null} when the row has none. Do not modify. */
    public double[] hardwareFeatures(int row) {
        return hardwareFeatures[row];
    }

    public int batchSize(int row) {
        return batchSizes[row];
    }

    public double latencyMs(int row) {
        return latenciesMs[row];
    }

    /** A copy of the latencies in row order. */
    public double[] latenciesMs() {
        return latenciesMs.clone();
    }

    /** The distinct hardware ids, sorted. */
    public List<String> hardwareIdSet() {
        return List.copyOf(new TreeSet<>(Arrays.asList(hardwareIds)));
    }

    /** The distinct batch sizes, ascending. */
    public List<Integer> batchSizeSet() {
        TreeSet<Integer> set = new TreeSet<>();
        for (int b : batchSizes) {
            set.add(b);
        }
        return List.copyOf(set);
    }

    /** The raw feature vector of each distinct hardware id that has one, in first-seen order. */
    public List<double[]> distinctHardwareFeatures() {
        Map<String, double[]> byId = new LinkedHashMap<>();
        for (int i = 0; i < hardwareIds.length; i++) {
            if (hardwareFeatures[i] != null) {
                byId.putIfAbsent(hardwareIds[i], hardwareFeatures[i]);
            }
        }
        return List.copyOf(byId.values());
    }

    /** The hash a dataset file was given, or else a SHA-256 of every row. */
    public String datasetHash() {
        String h = datasetHash;
        if (h == null) {
            h = contentHash();
            datasetHash = h;
        }
        return h;
    }

    /** The same rows under the hash of the dataset they were read from. */
    public LatencySamples withDatasetHash(String hash) {
        if (hash == null || hash.isBlank()) {
            throw new InvalidInputException("dataset-hash", "dataset hash is empty");
        }
        return new LatencySamples(architectures, hardwareIds, hardwareFeatures, batchSizes, latenciesMs, spaceId, hash);
    }

    /** The search space the rows' architectures were drawn from, or {@code null} when unknown. */
    public String spaceId() {
        return spaceId;
    }

    /** The same rows, recorded as architectures of search space {@code id}. */
    public LatencySamples withSpace(String id) {
        if (id == null || id.isBlank()) {
            throw new InvalidInputException("space", "search space id is empty");
        }
        return new LatencySamples(architectures, hardwareIds, hardwareFeatures, batchSizes, latenciesMs, id,
                datasetHash);
    }

    /** The given rows, in the given order; their hash is computed from their content. */
    public LatencySamples select(int[] rows) {
        List<Architecture> a = new ArrayList<>(rows.length);
        String[] ids = new String[rows.length];
        double[][] features = new double[rows.length][];
        int[] batches = new int[rows.length];
        double[] ms = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            int r = rows[i];
            a.add(architectures.get(r));
            ids[i] = hardwareIds[r];
            features[i] = hardwareFeatures[r];
            batches[i] = batchSizes[r];
            ms[i] = latenciesMs[r];
        }
        return new LatencySamples(List.copyOf(a), ids, features, batches, ms, spaceId, null);
    }

    /** The first {@code n} rows. */
    public LatencySamples head(int n) {
        if (n < 0 || n > size()) {
            throw new IllegalArgumentException("cannot take " + n + " of " + size() + " rows");
        }
        int[] rows = new int[n];
        Arrays.setAll(rows, i -> i);
        return select(rows);
    }

    private String contentHash() {
        MessageDigest sha = sha256();
        // Batch, latency and up to six hardware features.
        ByteBuffer numbers = ByteBuffer.allocate(8 * 8);
        for (int i = 0; i < latenciesMs.length; i++) {
            sha.update(architectures.get(i).toString().getBytes(StandardCharsets.UTF_8));
            sha.update((byte) '|');
            sha.update(hardwareIds[i].getBytes(StandardCharsets.UTF_8));
            numbers.clear();
            numbers.putInt(batchSizes[i]).putDouble(latenciesMs[i]);
            double[] f = hardwareFeatures[i];
            if (f != null) {
                for (double v : f) {
                    numbers.putDouble(v);
                }
            }
            sha.update(numbers.array(), 0, numbers.position());
            sha.update((byte) '\n');
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "LatencySamples[" + size() + " rows, hardware " + hardwareIdSet() + ", batch " + batchSizeSet() + "]";
    }

    /** Collects rows one by one. */
    public static final class Builder {

        private final List<Architecture> architectures = new ArrayList<>();
        private final List<String> hardwareIds = new ArrayList<>();
        private final List<double[]> hardwareFeatures = new ArrayList<>();
        private final List<Integer> batchSizes = new ArrayList<>();
        private final List<Double> latencies = new ArrayList<>();

        private Builder() {
        }

        /**
         * Adds one row.
         *
         * @param hardwareFeatures raw features (cores, memory GB, bandwidth GB/s, optionally peak FP32 GFLOP/s) or {@code null}
         * @throws InvalidInputException when the latency is not a finite non-negative number, the batch
         *                               size is not positive, the hardware id is empty or the features are malformed
         */
        public Builder add(Architecture architecture, String hardwareId, double[] hardwareFeatures, int batchSize,
                           double latencyMs) {
            Objects.requireNonNull(architecture, "architecture");
            if (hardwareId == null || hardwareId.isBlank()) {
                throw new InvalidInputException("hardware", "hardware id is empty");
            }
            if (batchSize <= 0) {
                throw new InvalidInputException("batch", "batch size " + batchSize + " must be positive");
            }
            if (!Double.isFinite(latencyMs) || latencyMs < 0) {
                throw new InvalidInputException("latency_ms", "latency " + latencyMs
                        + " ms is not a finite, non-negative number");
            }
            // Encoders read a prefix: paper131 the three NAMES, gpu-generalised those and peak FP32.
            if (hardwareFeatures != null && hardwareFeatures.length < io.latnas.encoding.HardwareFeatures.NAMES.size()) {
                throw new InvalidInputException("hardware-features", "hardware features need at least "
                        + io.latnas.encoding.HardwareFeatures.NAMES + "; got " + hardwareFeatures.length + " values");
            }
            architectures.add(architecture);
            this.hardwareIds.add(hardwareId);
            this.hardwareFeatures.add(hardwareFeatures == null ? null : hardwareFeatures.clone());
            batchSizes.add(batchSize);
            latencies.add(latencyMs);
            return this;
        }

        public LatencySamples build() {
            int n = latencies.size();
            int[] batches = new int[n];
            double[] ms = new double[n];
            for (int i = 0; i < n; i++) {
                batches[i] = batchSizes.get(i);
                ms[i] = latencies.get(i);
            }
            return new LatencySamples(List.copyOf(architectures), hardwareIds.toArray(String[]::new),
                    hardwareFeatures.toArray(double[][]::new), batches, ms, null, null);
        }
    }
}
