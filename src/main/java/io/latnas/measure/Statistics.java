package io.latnas.measure;

import java.util.Arrays;

/** Order statistics of a sample of run times; quantiles interpolate linearly between order statistics. */
final class Statistics {

    private Statistics() {
    }

    static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    /** Sample standard deviation (n - 1), 0 for a single value. */
    static double std(double[] values) {
        if (values.length < 2) {
            return 0;
        }
        double mean = mean(values);
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        return Math.sqrt(squares / (values.length - 1));
    }

    /** The q-quantile (0..1) of a sorted array, linear between order statistics (numpy's default). */
    static double quantile(double[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(below + 1, sorted.length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return quantile(sorted, 0.5);
    }

    /** Median absolute deviation from the median, unscaled. */
    static double medianAbsoluteDeviation(double[] values) {
        double median = median(values);
        double[] deviations = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            deviations[i] = Math.abs(values[i] - median);
        }
        return median(deviations);
    }

    /** Root mean square of {@code (predicted - actual) / actual}, in percent. */
    static double rmsePercent(double[] predicted, double[] actual) {
        double squares = 0;
        for (int i = 0; i < actual.length; i++) {
            double relative = (predicted[i] - actual[i]) / actual[i];
            squares += relative * relative;
        }
        return 100 * Math.sqrt(squares / actual.length);
    }

    /** Mean of {@code (predicted - actual) / actual}, in percent: positive when predictions run high. */
    static double meanSignedErrorPercent(double[] predicted, double[] actual) {
        double sum = 0;
        for (int i = 0; i < actual.length; i++) {
            sum += (predicted[i] - actual[i]) / actual[i];
        }
        return 100 * sum / actual.length;
    }
}
