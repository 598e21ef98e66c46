package io.latnas.accuracy;

import io.latnas.space.Architecture;

import java.util.List;

/**
 * The search's accuracy predictor: estimated ImageNet top-1 accuracy, in percent, of a whole
 * batch of subnets in one call. Implementations include {@link SurrogateAccuracy} (a calibrated
 * formula, no learnt weights), {@link OfaAccuracyPredictorWeights} (OFA's own predictor) and
 * {@link EncodedAccuracyEstimator} (any model over an architecture encoding).
 *
 * <p>Implementations are immutable or thread-safe, and deterministic: the same architecture always
 * gets the same number.
 */
public interface AccuracyEstimator {

    /** Stable id recorded with every result; a surrogate's id says {@code surrogate}. */
    String id();

    /** Whether the numbers come from a formula standing in for a trained predictor. */
    boolean isSurrogate();

    /** Top-1 accuracy in percent of each architecture, in the order given. */
    double[] accuracy(List<Architecture> archs);

    /** Top-1 accuracy in percent of one architecture. */
    default double accuracy(Architecture arch) {
        return accuracy(List.of(arch))[0];
    }
}
