package io.latnas.encoding;

import io.latnas.cost.Layer;
import io.latnas.cost.NetworkCostModel;
import io.latnas.space.Architecture;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cost-model features of a latency query, from {@link NetworkCostModel}'s per-layer counts: for the
 * fixed stem, each of the five stages and the fixed head, the log of the MACs of the whole batch and
 * of the fp32 bytes moved at that batch size; then the logs of total batch MACs, total bytes and
 * parameters, the resolution and the log of the batch size. Each is standardised to zero mean and
 * unit variance with statistics fitted on training rows; the width multiplier and those statistics
 * travel with a model.
 *
 * @param widthMultiplier the search space's width multiplier the counts are taken at
 * @param means           per-feature means over the training rows
 * @param deviations      per-feature standard deviations over the training rows
 */
public record CostFeatures(double widthMultiplier, double[] means, double[] deviations) {

    /** Feature order. */
    public static final List<String> NAMES = names();
    public static final int DIMENSION = NAMES.size();
    private static final int PARTS = Architecture.STAGES + 2;

    public CostFeatures {
        if (means.length != DIMENSION || deviations.length != DIMENSION) {
            throw new IllegalArgumentException("cost features need " + DIMENSION + " means and deviations");
        }
        means = means.clone();
        deviations = deviations.clone();
    }

    /**
     * Fits the standardisation on training queries (architecture and batch size per row).
     *
     * @throws IllegalArgumentException when there are no rows or the lists differ in length
     */
    public static CostFeatures fit(double widthMultiplier, List<Architecture> archs, int[] batchSizes) {
        if (archs.isEmpty() || archs.size() != batchSizes.length) {
            throw new IllegalArgumentException("cost features need training rows, one batch size each; got "
                    + archs.size() + " architectures and " + batchSizes.length + " batch sizes");
        }
        NetworkCostModel model = NetworkCostModel.of(widthMultiplier);
        double[] mean = new double[DIMENSION];
        double[] squares = new double[DIMENSION];
        double[] raw = new double[DIMENSION];
        int n = archs.size();
        for (int i = 0; i < n; i++) {
            raw(model, archs.get(i), batchSizes[i], raw);
            for (int f = 0; f < DIMENSION; f++) {
                mean[f] += raw[f];
                squares[f] += raw[f] * raw[f];
            }
        }
        double[] dev = new double[DIMENSION];
        for (int f = 0; f < DIMENSION; f++) {
            mean[f] /= n;
            dev[f] = Math.sqrt(Math.max(0, squares[f] / n - mean[f] * mean[f]));
            // A feature that never varies in training (one batch size, say) is centred but not blown up.
            if (dev[f] < 1e-9) {
                dev[f] = 1.0;
            }
        }
        return new CostFeatures(widthMultiplier, mean, dev);
    }

    /** Writes the standardised features of one query into {@code dest[offset .. offset + DIMENSION)}. */
    public void standardise(NetworkCostModel model, Architecture arch, int batchSize, float[] dest, int offset) {
        double[] raw = new double[DIMENSION];
        raw(model, arch, batchSize, raw);
        for (int f = 0; f < DIMENSION; f++) {
            dest[offset + f] = (float) ((raw[f] - means[f]) / deviations[f]);
        }
    }

    /** The unscaled (log) features of one query, in {@link #NAMES} order. */
    static void raw(NetworkCostModel model, Architecture arch, int batchSize, double[] dest) {
        double[] macs = new double[PARTS];
        double[] bytes = new double[PARTS];
        long parameters = 0;
        // Blocks 0 and 1 are the stem conv and the fixed first block; then the stages' layers in order.
        int[] stageEnds = new int[Architecture.STAGES];
        int end = 2;
        for (int s = 0; s < Architecture.STAGES; s++) {
            end += arch.depth(s);
            stageEnds[s] = end;
        }
        for (Layer layer : model.layers(arch)) {
            int part = part(layer.block(), stageEnds);
            macs[part] += (double) layer.macs() * batchSize;
            bytes[part] += layer.bytes(batchSize);
            parameters += layer.parameters();
        }
        double totalMacs = 0;
        double totalBytes = 0;
        for (int p = 0; p < PARTS; p++) {
            dest[2 * p] = Math.log1p(macs[p]);
            dest[2 * p + 1] = Math.log1p(bytes[p]);
            totalMacs += macs[p];
            totalBytes += bytes[p];
        }
        int i = 2 * PARTS;
        dest[i++] = Math.log1p(totalMacs);
        dest[i++] = Math.log1p(totalBytes);
        dest[i++] = Math.log1p(parameters);
        dest[i++] = arch.resolution();
        dest[i] = Math.log(batchSize);
    }

    private static int part(int block, int[] stageEnds) {
        if (block < 2) {
            return 0;
        }
        for (int s = 0; s < stageEnds.length; s++) {
            if (block < stageEnds[s]) {
                return 1 + s;
            }
        }
        return PARTS - 1;
    }

    private static List<String> names() {
        List<String> names = new ArrayList<>();
        List<String> parts = new ArrayList<>(List.of("stem"));
        for (int s = 1; s <= Architecture.STAGES; s++) {
            parts.add("stage" + s);
        }
        parts.add("head");
        for (String p : parts) {
            names.add(p + "-log-macs");
            names.add(p + "-log-bytes");
        }
        names.addAll(List.of("log-macs", "log-bytes", "log-parameters", "resolution", "log-batch"));
        return List.copyOf(names);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CostFeatures c && widthMultiplier == c.widthMultiplier && Arrays.equals(means, c.means)
                && Arrays.equals(deviations, c.deviations);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Double.hashCode(widthMultiplier) + Arrays.hashCode(means)) + Arrays.hashCode(deviations);
    }

    @Override
    public String toString() {
        return "CostFeatures[w" + widthMultiplier + "] means=" + Arrays.toString(means) + " deviations="
                + Arrays.toString(deviations);
    }
}
