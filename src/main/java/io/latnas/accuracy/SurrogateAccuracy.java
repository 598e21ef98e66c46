package io.latnas.accuracy;

import io.latnas.cost.NetworkCostModel;
import io.latnas.space.Architecture;
import io.latnas.space.SearchSpace;

import java.util.List;
import java.util.Objects;

/**
 * A <b>surrogate</b> of ImageNet top-1 accuracy for OFA MobileNetV3 subnets: a formula, not a
 * trained predictor, standing in for OFA's accuracy predictor, whose weights LatencyNAS cannot
 * download. Use it to exercise and time the search; report its numbers as surrogate estimates,
 * never as accuracies. Its {@link #id()} says {@code surrogate} and {@link #isSurrogate()} is true.
 *
 * <p>The estimate is a saturating function of the subnet's MACs (OFA's count, from
 * {@link NetworkCostModel}) plus three small terms:
 * <pre>
 *   top1 = A - (s / k) * ln(1 + exp(-k * (ln M - ln M0)))          M = MACs in millions
 *        + 0.4  * (r - 176) / 48                                    resolution
 *        + 0.03 * (sum over active layers of (ks - 3) / 4  -  7.5)  kernel sizes
 *        + 0.04 * (active layers - 15)                              depth
 * </pre>
 * with A = 80.40, s = 5.5, k = 3.46, M0 = 420. Below M0 the curve rises about s points per
 * e-fold of MACs; above it, it levels off towards A.
 *
 * <p>Calibration. A, k and M0 are fitted (least squares, s held fixed) to OFA's published subnets
 * after fine-tuning; the curve passes within 0.04 points of each:
 * <ul>
 *   <li>595M MACs, 80.0%: OFA model zoo {@code flops@595M_top1@80.0_finetune@75}
 *       (mit-han-lab/once-for-all README, "OFA Specialized Networks")</li>
 *   <li>482M MACs, 79.6%: {@code flops@482M_top1@79.6_finetune@75} (same list)</li>
 *   <li>389M MACs, 79.1%: {@code flops@389M_top1@79.1_finetune@75} (same list)</li>
 *   <li>230M MACs, 76.9%: OFA #75 in Table 1 of Cai et al., "Once-for-All", ICLR 2020 (76.0%
 *       with inherited weights, before fine-tuning)</li>
 * </ul>
 * The estimates are therefore of accuracy after fine-tuning, about 0.9 points above what a subnet
 * scores with the weights it inherits from the supernet (76.0 vs 76.9 at 230M, same table).
 *
 * <p>Modelling choices, not fitted. OFA publishes no MACs for subnets below 230M (its small
 * specialised nets are named by latency, e.g. {@code note10_lat@8ms_top1@71.4_finetune@25}), so
 * the low end is an extrapolation: s = 5.5 points per e-fold is the slope of MobileNetV3-Large
 * between its 0.75 (155M, 73.3%) and 1.0 (219M, 75.2%) models (Howard et al., "Searching for
 * MobileNetV3", ICCV 2019, Table 3). The curve then sits 1.4 to 1.6 points above those two models
 * at equal MACs, in line with OFA's Table 1 (OFA 76.0 to 76.9 at 230M against MobileNetV3-Large's
 * 75.2 at 219M). The smallest OFA subnet (42M MACs, width 1.0) comes out near 67%; estimates
 * below about 150M MACs are the least trustworthy part of the surrogate. The three extra terms, each
 * worth at most about half a point, say that at equal MACs a higher resolution, larger kernels
 * and more layers buy a little more accuracy than wider expand ratios do. Every term is
 * non-decreasing in depth, expand ratio, kernel size and resolution (MACs never fall when one of
 * them grows), so the surrogate is too.
 *
 * <p>Immutable and thread-safe.
 */
public final class SurrogateAccuracy implements AccuracyEstimator {

    /** The id every result computed with this surrogate carries. */
    public static final String ID = "surrogate-ofa-mbv3-top1";

    /** Ceiling the curve approaches, in percent. */
    static final double ASYMPTOTE = 80.40;
    /** Points of top-1 per e-fold of MACs well below the knee. */
    static final double LOW_SLOPE = 5.5;
    /** How sharply the curve bends at the knee, per e-fold of MACs. */
    static final double SHARPNESS = 3.46;
    /** The knee, in millions of MACs. */
    static final double KNEE_MMACS = 420;

    private static final double RESOLUTION_WEIGHT = 0.4;
    private static final double RESOLUTION_CENTRE = 176;
    private static final double RESOLUTION_SPAN = 48;
    private static final double KERNEL_WEIGHT = 0.03;
    private static final double KERNEL_CENTRE = 7.5;
    private static final double DEPTH_WEIGHT = 0.04;
    private static final double DEPTH_CENTRE = 15;

    private final NetworkCostModel costModel;

    /** A surrogate for subnets at {@code costModel}'s width. */
    public SurrogateAccuracy(NetworkCostModel costModel) {
        this.costModel = Objects.requireNonNull(costModel, "costModel");
    }

    /** A surrogate for the subnets of {@code space} (its width multiplier). */
    public static SurrogateAccuracy forSpace(SearchSpace space) {
        return new SurrogateAccuracy(NetworkCostModel.of(space));
    }

    @Override
    public String id() {
        return ID;
    }

    /** Always true: this is a formula, not a trained predictor. */
    @Override
    public boolean isSurrogate() {
        return true;
    }

    public double widthMultiplier() {
        return costModel.widthMultiplier();
    }

    @Override
    public double[] accuracy(List<Architecture> archs) {
        double[] out = new double[archs.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = top1(archs.get(i));
        }
        return out;
    }

    /** The surrogate top-1 of one subnet, in percent. */
    public double top1(Architecture arch) {
        double kernelSum = 0;
        for (int layer = 0; layer < Architecture.MAX_LAYERS; layer++) {
            if (arch.isActive(layer)) {
                kernelSum += (arch.kernelSize(layer) - 3) / 4.0;
            }
        }
        return macsCurve(costModel.macs(arch))
                + RESOLUTION_WEIGHT * (arch.resolution() - RESOLUTION_CENTRE) / RESOLUTION_SPAN
                + KERNEL_WEIGHT * (kernelSum - KERNEL_CENTRE)
                + DEPTH_WEIGHT * (arch.activeLayers() - DEPTH_CENTRE);
    }

    /** The MACs part of the surrogate: top-1 in percent of a subnet with {@code macs} multiply-accumulates. */
    public static double macsCurve(double macs) {
        double x = SHARPNESS * (Math.log(macs / 1e6) - Math.log(KNEE_MMACS));
        // ln(1 + e^-x), written to stay finite for large |x|.
        double softplus = x > 0 ? Math.log1p(Math.exp(-x)) : -x + Math.log1p(Math.exp(x));
        return ASYMPTOTE - LOW_SLOPE / SHARPNESS * softplus;
    }

    @Override
    public String toString() {
        return ID + " (surrogate, width " + costModel.widthMultiplier() + ")";
    }
}
