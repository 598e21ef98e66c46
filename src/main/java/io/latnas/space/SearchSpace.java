package io.latnas.space;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/**
 * A family of OFA MobileNetV3 subnets (paper §4.1.1): which kernel sizes, expand ratios, depths and
 * resolutions an architecture may take, at one width multiplier. Also OFA's evolutionary operators
 * (random sample, mutation, crossover) so that search never leaves the space.
 *
 * <p>CompOFA's compound spaces couple each stage's expand ratio to its depth (d=2 with e=3, d=3 with
 * e=4, d=4 with e=6); the fixed-kernel variant also pins each stage's kernel size.
 */
public final class SearchSpace {

    /** How a stage's genes relate to each other. */
    public enum Coupling {
        /** OFA: every layer picks kernel and expand ratio freely. */
        NONE,
        /** CompOFA: a stage's expand ratio follows from its depth. */
        COMPOUND
    }

    private final String id;
    private final String description;
    private final double widthMultiplier;
    private final int[] kernelSizes;
    private final int[] expandRatios;
    private final int[] depths;
    private final int[] resolutions;
    private final Coupling coupling;
    private final int[] stageKernels;

    SearchSpace(String id, String description, double widthMultiplier, int[] kernelSizes, int[] expandRatios,
                int[] depths, int[] resolutions, Coupling coupling, int[] stageKernels) {
        this.id = id;
        this.description = description;
        this.widthMultiplier = widthMultiplier;
        this.kernelSizes = kernelSizes.clone();
        this.expandRatios = expandRatios.clone();
        this.depths = depths.clone();
        this.resolutions = resolutions.clone();
        this.coupling = coupling;
        this.stageKernels = stageKernels == null ? null : stageKernels.clone();
        if (coupling == Coupling.COMPOUND && depths.length != expandRatios.length) {
            throw new IllegalArgumentException("a compound space needs one expand ratio per depth");
        }
    }

    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    public double widthMultiplier() {
        return widthMultiplier;
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

    public int[] resolutions() {
        return resolutions.clone();
    }

    public Coupling coupling() {
        return coupling;
    }

    /**
     * The same space sampled only at some of its resolutions, for a latency source that covers just
     * those (OFA's Note10 table has 160..224). It keeps the id: every architecture it yields belongs to
     * this space.
     *
     * @throws InvalidArchitectureException when none of {@code subset} is a resolution of this space
     */
    public SearchSpace restrictedToResolutions(int[] subset) {
        int[] kept = Arrays.stream(resolutions).filter(r -> contains(subset, r)).toArray();
        if (kept.length == 0) {
            throw new InvalidArchitectureException("r", "none of the resolutions " + set(subset)
                    + " is in " + resolutionSet() + " (space " + id + ")");
        }
        if (kept.length == resolutions.length) {
            return this;
        }
        return new SearchSpace(id, description + " (sampled at r " + kept[0] + ".." + kept[kept.length - 1] + ")",
                widthMultiplier, kernelSizes, expandRatios, depths, kept, coupling, stageKernels);
    }

    /** Whether each stage's kernel size is fixed (CompOFA's fixed-kernel space). */
    public boolean hasFixedKernels() {
        return stageKernels != null;
    }

    /** The kernel size pinned to a stage, or 0 when kernels are free. */
    public int fixedKernel(int stage) {
        return stageKernels == null ? 0 : stageKernels[stage];
    }

    /** The expand ratio CompOFA couples to a depth. */
    public int coupledExpandRatio(int depth) {
        for (int i = 0; i < depths.length; i++) {
            if (depths[i] == depth) {
                return expandRatios[i];
            }
        }
        throw new IllegalArgumentException("depth " + depth + " is not in " + set(depths));
    }

    /** Number of distinct architectures in the space, all resolutions together. */
    public BigInteger cardinality() {
        BigInteger perLayer = BigInteger.valueOf(
                (stageKernels == null ? kernelSizes.length : 1) * (coupling == Coupling.COMPOUND ? 1 : expandRatios.length));
        BigInteger perStage = BigInteger.ZERO;
        for (int d : depths) {
            perStage = perStage.add(perLayer.pow(d));
        }
        return perStage.pow(Architecture.STAGES).multiply(BigInteger.valueOf(resolutions.length));
    }

    /** Builds and validates an architecture of this space from OFA's lists. */
    public Architecture architecture(int[] ks, int[] e, int[] d, int r) {
        checkDepths(d);
        Architecture arch = Architecture.of(ks, e, d, r);
        validate(arch);
        return arch;
    }

    private void checkDepths(int[] d) {
        if (d == null || d.length != Architecture.STAGES) {
            return; // Architecture.of reports the shape
        }
        for (int s = 0; s < d.length; s++) {
            if (!contains(depths, d[s])) {
                throw invalid("d[" + s + "]", d[s], depths);
            }
        }
    }

    /** Whether the architecture belongs to this space. */
    public boolean contains(Architecture arch) {
        try {
            validate(arch);
            return true;
        } catch (InvalidArchitectureException e) {
            return false;
        }
    }

    /**
     * Checks every active value against the space.
     *
     * @throws InvalidArchitectureException naming the first field at fault, its value and the space
     */
    public void validate(Architecture arch) {
        if (!contains(resolutions, arch.resolution())) {
            throw new InvalidArchitectureException("r", "r=" + arch.resolution() + " is not in "
                    + resolutionSet() + " (space " + id + ")");
        }
        for (int s = 0; s < Architecture.STAGES; s++) {
            int d = arch.depth(s);
            if (!contains(depths, d)) {
                throw invalid("d[" + s + "]", d, depths);
            }
            for (int i = 0; i < d; i++) {
                int layer = s * Architecture.MAX_DEPTH + i;
                int k = arch.kernelSize(layer);
                int e = arch.expandRatio(layer);
                if (stageKernels != null) {
                    if (k != stageKernels[s]) {
                        throw new InvalidArchitectureException("ks[" + layer + "]", "ks[" + layer + "]=" + k
                                + " is not the fixed kernel size " + stageKernels[s] + " of stage " + s
                                + " (space " + id + ")");
                    }
                } else if (!contains(kernelSizes, k)) {
                    throw invalid("ks[" + layer + "]", k, kernelSizes);
                }
                if (!contains(expandRatios, e)) {
                    throw invalid("e[" + layer + "]", e, expandRatios);
                }
                if (coupling == Coupling.COMPOUND && e != coupledExpandRatio(d)) {
                    throw new InvalidArchitectureException("e[" + layer + "]", "e[" + layer + "]=" + e
                            + " does not match d[" + s + "]=" + d + ", which couples to e=" + coupledExpandRatio(d)
                            + " (space " + id + ")");
                }
            }
        }
    }

    private InvalidArchitectureException invalid(String field, int value, int[] allowed) {
        return new InvalidArchitectureException(field,
                field + "=" + value + " is not in " + set(allowed) + " (space " + id + ")");
    }

    /** A uniformly random architecture as OFA's {@code random_sample} draws it. */
    public Architecture sample(RandomGenerator rng) {
        int[] d = new int[Architecture.STAGES];
        int[] ks = new int[Architecture.MAX_LAYERS];
        int[] e = new int[Architecture.MAX_LAYERS];
        for (int s = 0; s < Architecture.STAGES; s++) {
            d[s] = pick(depths, rng);
        }
        for (int layer = 0; layer < Architecture.MAX_LAYERS; layer++) {
            resampleLayer(ks, e, d, layer, rng);
        }
        return Architecture.of(ks, e, d, pick(resolutions, rng));
    }

    /**
     * OFA's mutation: with probability {@code probability} each, the resolution is resampled, each
     * layer's kernel size and expand ratio are resampled together, and each stage's depth is resampled.
     * Layers that a deeper stage brings back to life get fresh random genes.
     */
    public Architecture mutate(Architecture parent, double probability, RandomGenerator rng) {
        int[] ks = parent.kernelSizes();
        int[] e = parent.expandRatios();
        int[] d = parent.depths();
        int r = parent.resolution();
        if (rng.nextDouble() < probability) {
            r = pick(resolutions, rng);
        }
        for (int layer = 0; layer < Architecture.MAX_LAYERS; layer++) {
            if (rng.nextDouble() < probability) {
                resampleLayer(ks, e, d, layer, rng);
            }
        }
        for (int s = 0; s < Architecture.STAGES; s++) {
            if (rng.nextDouble() < probability) {
                d[s] = pick(depths, rng);
            }
        }
        repair(ks, e, d, rng);
        return Architecture.of(ks, e, d, r);
    }

    /**
     * OFA's crossover: every gene (resolution, each depth, each layer's kernel size and expand ratio)
     * comes from either parent with equal chance. In a compound space a stage's depth and expand
     * ratio travel together. A layer that is active in the child but inactive in the parent it was
     * drawn from takes the other parent's gene, or a fresh one when neither parent has it.
     */
    public Architecture crossover(Architecture a, Architecture b, RandomGenerator rng) {
        int[] ks = new int[Architecture.MAX_LAYERS];
        int[] e = new int[Architecture.MAX_LAYERS];
        int[] d = new int[Architecture.STAGES];
        int r = rng.nextBoolean() ? a.resolution() : b.resolution();
        for (int s = 0; s < Architecture.STAGES; s++) {
            d[s] = rng.nextBoolean() ? a.depth(s) : b.depth(s);
        }
        for (int layer = 0; layer < Architecture.MAX_LAYERS; layer++) {
            ks[layer] = either(a.kernelSize(layer), b.kernelSize(layer), rng);
            e[layer] = either(a.expandRatio(layer), b.expandRatio(layer), rng);
        }
        repair(ks, e, d, rng);
        return Architecture.of(ks, e, d, r);
    }

    private static int either(int x, int y, RandomGenerator rng) {
        int chosen = rng.nextBoolean() ? x : y;
        return chosen != 0 ? chosen : Math.max(x, y);
    }

    /** Gives every active slot a legal gene: fresh where missing, coupled or fixed where the space says so. */
    private void repair(int[] ks, int[] e, int[] d, RandomGenerator rng) {
        for (int layer = 0; layer < Architecture.MAX_LAYERS; layer++) {
            int stage = layer / Architecture.MAX_DEPTH;
            if (layer % Architecture.MAX_DEPTH >= d[stage]) {
                continue;
            }
            if (stageKernels != null) {
                ks[layer] = stageKernels[stage];
            } else if (ks[layer] == 0) {
                ks[layer] = pick(kernelSizes, rng);
            }
            if (coupling == Coupling.COMPOUND) {
                e[layer] = coupledExpandRatio(d[stage]);
            } else if (e[layer] == 0) {
                e[layer] = pick(expandRatios, rng);
            }
        }
    }

    private void resampleLayer(int[] ks, int[] e, int[] d, int layer, RandomGenerator rng) {
        int stage = layer / Architecture.MAX_DEPTH;
        ks[layer] = stageKernels != null ? stageKernels[stage] : pick(kernelSizes, rng);
        e[layer] = coupling == Coupling.COMPOUND ? coupledExpandRatio(d[stage]) : pick(expandRatios, rng);
    }

    /**
     * Every architecture of the space at one resolution, in a fixed order. Only for spaces small
     * enough to list (CompOFA's fixed-kernel space: 243 per resolution).
     */
    public List<Architecture> enumerate(int resolution) {
        if (stageKernels == null || coupling != Coupling.COMPOUND) {
            throw new UnsupportedOperationException("space " + id + " has " + cardinality()
                    + " architectures; only a fixed-kernel compound space can be listed");
        }
        if (!contains(resolutions, resolution)) {
            throw new InvalidArchitectureException("r", "r=" + resolution + " is not in " + resolutionSet()
                    + " (space " + id + ")");
        }
        List<Architecture> all = new ArrayList<>();
        int combos = (int) Math.pow(depths.length, Architecture.STAGES);
        for (int c = 0; c < combos; c++) {
            int[] d = new int[Architecture.STAGES];
            int rest = c;
            for (int s = Architecture.STAGES - 1; s >= 0; s--) {
                d[s] = depths[rest % depths.length];
                rest /= depths.length;
            }
            int[] ks = new int[Architecture.MAX_LAYERS];
            int[] e = new int[Architecture.MAX_LAYERS];
            repair(ks, e, d, null);
            all.add(Architecture.of(ks, e, d, resolution));
        }
        return all;
    }

    private static int pick(int[] values, RandomGenerator rng) {
        return values[rng.nextInt(values.length)];
    }

    private static boolean contains(int[] values, int v) {
        for (int x : values) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }

    private static String set(int[] values) {
        return Arrays.stream(values).mapToObj(Integer::toString).collect(Collectors.joining(",", "{", "}"));
    }

    /** The resolution set, shortened when it is an arithmetic run: {@code {128,132,...,224}}. */
    public String resolutionSet() {
        if (resolutions.length > 4) {
            return "{" + resolutions[0] + "," + resolutions[1] + ",...," + resolutions[resolutions.length - 1] + "}";
        }
        return set(resolutions);
    }

    @Override
    public String toString() {
        return id;
    }
}
