package io.latnas.latency;

import io.latnas.space.Architecture;

import java.util.List;

/**
 * Something that answers "how many milliseconds does this subnet take at this batch size on this
 * hardware": a simulated device, a lookup table, a replayed measurement file or a real meter.
 * A source is bound to one hardware id and one network width (the search space's width multiplier).
 */
public interface LatencySource {

    /** The hardware id this source answers for (a catalog id such as {@code rtx2080ti}). */
    String hardwareId();

    /** How the numbers are obtained, recorded with every dataset row: {@code simulated}, {@code lookup-table}, {@code replay}, ... */
    String kind();

    /**
     * Latency of one forward pass of {@code arch} on a batch of {@code batchSize} images, in milliseconds.
     *
     * @throws io.latnas.common.InvalidInputException when this source cannot answer for the architecture or batch size
     */
    double latencyMs(Architecture arch, int batchSize);

    /**
     * The input resolutions this source can answer for, or {@code null} when it answers for any
     * (a lookup table has one file per resolution).
     */
    default int[] resolutions() {
        return null;
    }

    /** Latencies of many architectures at one batch size, in order. */
    default double[] latenciesMs(List<Architecture> archs, int batchSize) {
        double[] out = new double[archs.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = latencyMs(archs.get(i), batchSize);
        }
        return out;
    }
}
