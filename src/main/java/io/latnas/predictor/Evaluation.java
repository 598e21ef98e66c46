package io.latnas.predictor;

/**
 * How well predicted latencies match measured ones, on one held-out set.
 *
 * @param count           number of (measured, predicted) pairs
 * @param rmseMs          root mean squared error in milliseconds
 * @param rmsePercent     RMSE as a percentage of the mean measured latency, the paper's "RMSE %" (§5.1);
 *                        {@code 2.5} means 2.5%
 * @param maeMs           mean absolute error in milliseconds
 * @param within5Percent  share (0..1) of predictions within ±5% of their measurement (nn-Meter's metric)
 * @param within10Percent share (0..1) of predictions within ±10% of their measurement
 * @param kendallTau      Kendall's tau-b between measured and predicted, what a search's ranking cares about
 * @param spearmanRho     Spearman's rank correlation
 */
public record Evaluation(int count, double rmseMs, double rmsePercent, double maeMs, double within5Percent,
                         double within10Percent, double kendallTau, double spearmanRho) {

    /**
     * Computes every metric from paired measurements and predictions.
     *
     * @throws IllegalArgumentException when the arrays differ in length or are empty
     */
    public static Evaluation of(double[] measuredMs, double[] predictedMs) {
        if (measuredMs.length != predictedMs.length) {
            throw new IllegalArgumentException("measured and predicted differ in length: "
                    + measuredMs.length + " vs " + predictedMs.length);
        }
        int n = measuredMs.length;
        if (n == 0) {
            throw new IllegalArgumentException("nothing to evaluate: no predictions");
        }
        double squared = 0;
        double absolute = 0;
        double measuredSum = 0;
        int within5 = 0;
        int within10 = 0;
        for (int i = 0; i < n; i++) {
            double m = measuredMs[i];
            double error = Math.abs(predictedMs[i] - m);
            squared += error * error;
            absolute += error;
            measuredSum += m;
            // A tiny slack so a prediction exactly 10% off counts as within 10% despite rounding.
            double slack = 1e-12 * Math.abs(m);
            if (error <= 0.05 * Math.abs(m) + slack) {
                within5++;
            }
            if (error <= 0.10 * Math.abs(m) + slack) {
                within10++;
            }
        }
        double rmse = Math.sqrt(squared / n);
        double meanMeasured = measuredSum / n;
        return new Evaluation(n, rmse, 100.0 * rmse / meanMeasured, absolute / n, (double) within5 / n,
                (double) within10 / n, RankCorrelation.kendallTauB(measuredMs, predictedMs),
                RankCorrelation.spearmanRho(measuredMs, predictedMs));
    }

    /** One line for logs and reports. */
    public String summary() {
        return String.format(java.util.Locale.ROOT,
                "n=%d rmse=%.4f ms (%.2f%%) mae=%.4f ms within5%%=%.1f%% within10%%=%.1f%% tau=%.4f rho=%.4f",
                count, rmseMs, rmsePercent, maeMs, 100 * within5Percent, 100 * within10Percent, kendallTau, spearmanRho);
    }
}
