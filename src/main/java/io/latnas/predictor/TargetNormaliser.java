package io.latnas.predictor;

import io.latnas.common.InvalidInputException;

/**
 * Maps latencies in milliseconds to the standardised targets the network learns, and back.
 * {@link Scale#STANDARD} is the paper's plain standardisation; {@link Scale#LOG_STANDARD}
 * standardises {@code ln(ms)}, so the squared loss weighs relative rather than absolute errors,
 * which is what RMSE% and within-10% reward when latencies span a wide range.
 *
 * @param scale     how latencies are transformed before standardising
 * @param mean      mean of the transformed training latencies
 * @param deviation standard deviation of the transformed training latencies
 */
public record TargetNormaliser(Scale scale, double mean, double deviation) {

    /** The transformation applied before standardising. */
    public enum Scale {
        /** {@code (ms - mean) / deviation}. */
        STANDARD,
        /** {@code (ln(ms) - mean) / deviation}; latencies must be positive. */
        LOG_STANDARD
    }

    public TargetNormaliser {
        if (scale == null) {
            throw new IllegalArgumentException("target scale is missing");
        }
        if (!Double.isFinite(mean) || !(deviation > 0) || !Double.isFinite(deviation)) {
            throw new IllegalArgumentException("target normaliser needs a finite mean and a positive deviation; got mean="
                    + mean + " deviation=" + deviation);
        }
    }

    /**
     * Fits mean and deviation on training latencies.
     *
     * @throws InvalidInputException when there are no latencies, or a log scale meets a latency that is not positive
     */
    public static TargetNormaliser fit(Scale scale, double[] latenciesMs) {
        if (latenciesMs.length == 0) {
            throw new InvalidInputException("latency_ms", "no latencies to fit a target normaliser on");
        }
        double sum = 0;
        for (double ms : latenciesMs) {
            sum += transform(scale, ms);
        }
        double mean = sum / latenciesMs.length;
        double squares = 0;
        for (double ms : latenciesMs) {
            double d = transform(scale, ms) - mean;
            squares += d * d;
        }
        double deviation = Math.sqrt(squares / latenciesMs.length);
        // Constant latencies leave no spread: keep targets O(1) instead of dividing by zero.
        if (!(deviation > 1e-12)) {
            deviation = 1.0;
        }
        return new TargetNormaliser(scale, mean, deviation);
    }

    /** The standardised target of one latency. */
    public double normalise(double latencyMs) {
        return (transform(scale, latencyMs) - mean) / deviation;
    }

    /** The latency in milliseconds a standardised network output stands for. */
    public double denormalise(double target) {
        double t = target * deviation + mean;
        return scale == Scale.LOG_STANDARD ? Math.exp(t) : t;
    }

    private static double transform(Scale scale, double ms) {
        if (scale == Scale.LOG_STANDARD) {
            if (!(ms > 0)) {
                throw new InvalidInputException("latency_ms", "latency " + ms
                        + " ms cannot be log-normalised; it must be positive");
            }
            return Math.log(ms);
        }
        return ms;
    }
}
