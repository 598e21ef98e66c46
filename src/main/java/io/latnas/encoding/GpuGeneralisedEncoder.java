package io.latnas.encoding;

import io.latnas.space.Architecture;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Input for one predictor serving many GPUs (paper §4.3, reworked after its failure to converge,
 * §5.5): kernel one-hots over {3,5,7} then expand one-hots over {3,4,6} per layer slot as in
 * {@code paper128} (inactive slots all zero), the exact resolution
 * instead of its 16-pixel bin (as r/224 and (r/224)², since work grows with pixels), then the
 * logarithms of cores, memory GB, bandwidth GB/s, peak FP32 GFLOP/s and batch size, each
 * standardised over the (GPU, batch) pairs a model is trained on. Logarithms because the catalog
 * spans two orders of magnitude in peak throughput and latency scales multiplicatively with it.
 * Raw hardware features come as cores, memory GB, bandwidth GB/s, peak GFLOP/s.
 */
public final class GpuGeneralisedEncoder implements ArchitectureEncoder {

    public static final String ID = "gpu-generalised";
    /** The standardised trailing features, in order. */
    public static final List<String> FEATURES =
            List.of("log-cores", "log-memory-gb", "log-bandwidth-gbps", "log-peak-gflops", "log-batch");
    /** Raw hardware features a row must carry. */
    public static final int RAW_HARDWARE_FEATURES = 4;
    private static final int ONE_HOTS = Paper128Encoder.LAYER_ONE_HOTS;
    public static final int ARCHITECTURE_DIMENSION = ONE_HOTS + 2;
    public static final int DIMENSION = ARCHITECTURE_DIMENSION + FEATURES.size();

    private final HardwareFeatures scaling;

    public GpuGeneralisedEncoder(HardwareFeatures scaling) {
        if (scaling.means().length != FEATURES.size()) {
            throw new IllegalArgumentException("encoder " + ID + " scales " + FEATURES + "; got "
                    + scaling.means().length + " means");
        }
        this.scaling = scaling;
    }

    /** Fits the scaling on every distinct (raw hardware features, batch size) pair of the training rows. */
    public static GpuGeneralisedEncoder fit(List<double[]> rawHardware, List<Integer> batchSizes) {
        List<double[]> logs = new ArrayList<>();
        for (int i = 0; i < rawHardware.size(); i++) {
            logs.add(logFeatures(rawHardware.get(i), batchSizes.get(i)));
        }
        return new GpuGeneralisedEncoder(HardwareFeatures.fit(logs));
    }

    /** The unscaled trailing features of a query. */
    public static double[] logFeatures(double[] rawHardware, int batchSize) {
        if (rawHardware == null || rawHardware.length < RAW_HARDWARE_FEATURES) {
            throw new IllegalArgumentException("encoder " + ID + " needs cores, memory GB, bandwidth GB/s and peak "
                    + "GFLOP/s; got " + (rawHardware == null ? "none" : Arrays.toString(rawHardware)));
        }
        return new double[] {Math.log(rawHardware[0]), Math.log(rawHardware[1]), Math.log(rawHardware[2]),
                Math.log(rawHardware[3]), Math.log(batchSize)};
    }

    public HardwareFeatures scaling() {
        return scaling;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int dimension() {
        return DIMENSION;
    }

    @Override
    public boolean usesHardware() {
        return true;
    }

    @Override
    public void encode(Architecture arch, double[] hardwareFeatures, int batchSize, float[] dest, int offset) {
        double[] logs = logFeatures(hardwareFeatures, batchSize);
        Arrays.fill(dest, offset, offset + ONE_HOTS, 0f);
        Paper128Encoder.encodeLayers(arch, dest, offset);
        double r = arch.resolution() / 224.0;
        dest[offset + ONE_HOTS] = (float) r;
        dest[offset + ONE_HOTS + 1] = (float) (r * r);
        scaling.standardise(logs, dest, offset + ARCHITECTURE_DIMENSION);
    }
}
