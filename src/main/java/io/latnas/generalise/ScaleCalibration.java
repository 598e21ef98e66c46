package io.latnas.generalise;

import io.latnas.common.InvalidInputException;

/**
 * Few-shot adaptation to a new GPU: one multiplicative factor fitted on k measured samples, the
 * geometric mean of measured over predicted. A GPU the model misjudges is mostly off by a constant
 * ratio (its efficiency relative to its specs), which k = 5 samples pin down better than they could
 * any network weights.
 */
public final class ScaleCalibration {

    private ScaleCalibration() {
    }

    /** {@code exp(mean(ln measured - ln predicted))}. */
    public static double fit(double[] measuredMs, double[] predictedMs) {
        if (measuredMs.length == 0 || measuredMs.length != predictedMs.length) {
            throw new InvalidInputException("shots", "calibration needs paired samples; got " + measuredMs.length
                    + " measured and " + predictedMs.length + " predicted");
        }
        double sum = 0;
        for (int i = 0; i < measuredMs.length; i++) {
            sum += Math.log(Math.max(measuredMs[i], 1e-9)) - Math.log(Math.max(predictedMs[i], 1e-9));
        }
        return Math.exp(sum / measuredMs.length);
    }
}
