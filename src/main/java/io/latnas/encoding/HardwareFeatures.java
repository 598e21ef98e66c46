package io.latnas.encoding;

import java.util.Arrays;
import java.util.List;

/**
 * Standardisation of the paper's hardware features (§4.3: number of cores, memory size in GB,
 * memory bandwidth in GB/s). The paper appended the raw numbers beside one-hot bits and blamed
 * that for its failure to converge (§5.5), so here each feature is scaled to zero mean and unit
 * variance over the hardware a model is trained on; the means and deviations travel with the model.
 */
public record HardwareFeatures(double[] means, double[] deviations) {

    /** Feature order: cores, memory GB, bandwidth GB/s. */
    public static final List<String> NAMES = List.of("cores", "memory-gb", "bandwidth-gbps");

    public HardwareFeatures {
        // paper131 scales NAMES; gpu-generalised scales its own, longer list (GpuGeneralisedEncoder.FEATURES).
        if (means.length == 0 || means.length != deviations.length) {
            throw new IllegalArgumentException("hardware features need as many means as deviations, at least one");
        }
        means = means.clone();
        deviations = deviations.clone();
    }

    /** Fits means and deviations on the raw features of the training hardware (one array per device). */
    public static HardwareFeatures fit(List<double[]> raw) {
        if (raw.isEmpty()) {
            throw new IllegalArgumentException("no hardware to fit feature scaling on");
        }
        int n = raw.get(0).length;
        double[] mean = new double[n];
        double[] dev = new double[n];
        for (double[] f : raw) {
            for (int i = 0; i < n; i++) {
                mean[i] += f[i] / raw.size();
            }
        }
        for (double[] f : raw) {
            for (int i = 0; i < n; i++) {
                dev[i] += (f[i] - mean[i]) * (f[i] - mean[i]) / raw.size();
            }
        }
        for (int i = 0; i < n; i++) {
            dev[i] = Math.sqrt(dev[i]);
            // One device (or identical ones) leaves no spread: scale by the mean so values stay O(1).
            if (dev[i] < 1e-9) {
                dev[i] = Math.max(Math.abs(mean[i]), 1.0);
            }
        }
        return new HardwareFeatures(mean, dev);
    }

    /** Writes the standardised features of the first {@code means().length} values of {@code raw} into {@code dest}. */
    public void standardise(double[] raw, float[] dest, int offset) {
        for (int i = 0; i < means.length; i++) {
            dest[offset + i] = (float) ((raw[i] - means[i]) / deviations[i]);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HardwareFeatures h && Arrays.equals(means, h.means) && Arrays.equals(deviations, h.deviations);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(means) + Arrays.hashCode(deviations);
    }

    @Override
    public String toString() {
        return "HardwareFeatures" + NAMES + " means=" + Arrays.toString(means) + " deviations=" + Arrays.toString(deviations);
    }
}
