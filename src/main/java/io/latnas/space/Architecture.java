package io.latnas.space;

import java.util.Arrays;

/**
 * One OFA MobileNetV3 subnet: a kernel size and expand ratio for each of the 20 layer slots, a
 * depth for each of the 5 stages, and the input resolution. Slots beyond a stage's depth are
 * inactive and held as 0, so two specs that differ only there are the same architecture.
 *
 * <p>Immutable. Construction checks only the shape (list lengths, depths 1..4); whether the
 * values belong to a space is {@link SearchSpace#validate}'s business.
 */
public final class Architecture {

    public static final int STAGES = 5;
    public static final int MAX_DEPTH = 4;
    public static final int MAX_LAYERS = STAGES * MAX_DEPTH;

    private final int[] kernelSizes;
    private final int[] expandRatios;
    private final int[] depths;
    private final int resolution;
    private final int hash;

    private Architecture(int[] kernelSizes, int[] expandRatios, int[] depths, int resolution) {
        this.kernelSizes = kernelSizes;
        this.expandRatios = expandRatios;
        this.depths = depths;
        this.resolution = resolution;
        int h = Arrays.hashCode(kernelSizes);
        h = 31 * h + Arrays.hashCode(expandRatios);
        h = 31 * h + Arrays.hashCode(depths);
        this.hash = 31 * h + resolution;
    }

    /**
     * Builds an architecture from OFA's lists, copying them and zeroing inactive slots.
     *
     * @throws InvalidArchitectureException when a list has the wrong length or a depth is outside 1..4
     */
    public static Architecture of(int[] kernelSizes, int[] expandRatios, int[] depths, int resolution) {
        requireLength("ks", kernelSizes, MAX_LAYERS);
        requireLength("e", expandRatios, MAX_LAYERS);
        requireLength("d", depths, STAGES);
        for (int s = 0; s < STAGES; s++) {
            if (depths[s] < 1 || depths[s] > MAX_DEPTH) {
                throw new InvalidArchitectureException("d[" + s + "]",
                        "d[" + s + "]=" + depths[s] + " is outside 1.." + MAX_DEPTH);
            }
        }
        if (resolution <= 0) {
            throw new InvalidArchitectureException("r", "r=" + resolution + " must be a positive image size");
        }
        int[] ks = kernelSizes.clone();
        int[] e = expandRatios.clone();
        int[] d = depths.clone();
        for (int layer = 0; layer < MAX_LAYERS; layer++) {
            if (layer % MAX_DEPTH >= d[layer / MAX_DEPTH]) {
                ks[layer] = 0;
                e[layer] = 0;
            }
        }
        return new Architecture(ks, e, d, resolution);
    }

    /**
     * The subnet with one kernel size, expand ratio and depth everywhere, e.g. OFA's smallest
     * ({@code uniform(3, 3, 2, r)}) and largest ({@code uniform(7, 6, 4, r)}).
     */
    public static Architecture uniform(int kernelSize, int expandRatio, int depth, int resolution) {
        int[] ks = new int[MAX_LAYERS];
        int[] e = new int[MAX_LAYERS];
        int[] d = new int[STAGES];
        Arrays.fill(ks, kernelSize);
        Arrays.fill(e, expandRatio);
        Arrays.fill(d, depth);
        return of(ks, e, d, resolution);
    }

    private static void requireLength(String field, int[] values, int length) {
        if (values == null) {
            throw new InvalidArchitectureException(field, field + " is missing");
        }
        if (values.length != length) {
            throw new InvalidArchitectureException(field,
                    field + " has " + values.length + " entries; it needs " + length);
        }
    }

    /** Kernel size of a layer slot (0-based, 0..19), or 0 when the slot is inactive. */
    public int kernelSize(int layer) {
        return kernelSizes[layer];
    }

    /** Expand ratio of a layer slot (0-based, 0..19), or 0 when the slot is inactive. */
    public int expandRatio(int layer) {
        return expandRatios[layer];
    }

    /** Number of active layers of a stage (0-based, 0..4). */
    public int depth(int stage) {
        return depths[stage];
    }

    public int resolution() {
        return resolution;
    }

    /** Whether layer slot {@code layer} is within its stage's depth. */
    public boolean isActive(int layer) {
        return layer % MAX_DEPTH < depths[layer / MAX_DEPTH];
    }

    /** Total number of active MBConv layers (sum of the depths). */
    public int activeLayers() {
        int n = 0;
        for (int d : depths) {
            n += d;
        }
        return n;
    }

    public int[] kernelSizes() {
        return kernelSizes.clone();
    }

    public int[] expandRatios() {
        return expandRatios.clone();
    }

    public int[] depths() {
        return depths.clone();
    }

    /** A copy with another resolution. */
    public Architecture withResolution(int newResolution) {
        return of(kernelSizes, expandRatios, depths, newResolution);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Architecture other)) {
            return false;
        }
        return hash == other.hash
                && resolution == other.resolution
                && Arrays.equals(depths, other.depths)
                && Arrays.equals(kernelSizes, other.kernelSizes)
                && Arrays.equals(expandRatios, other.expandRatios);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** The help-ofa CSV form, {@code ks=7-5-0-0-...,e=...,d=2-2-2-2-3,r=204}. */
    @Override
    public String toString() {
        return "ks=" + ArchitectureCodec.dashed(kernelSizes)
                + ",e=" + ArchitectureCodec.dashed(expandRatios)
                + ",d=" + ArchitectureCodec.dashed(depths)
                + ",r=" + resolution;
    }
}
