package io.latnas.measure;

import io.latnas.common.InvalidInputException;
import io.latnas.space.Architecture;

import java.util.ArrayList;
import java.util.List;

/**
 * How well this machine agrees with itself: the same subnets measured {@code repeats} times, each
 * repeat a pass over all of them (so drift between passes shows), and every pair of repeats compared
 * as a predictor is compared with measurements. No predictor can be scored better than this floor.
 *
 * @param architectures  subnets measured
 * @param repeats        passes over them
 * @param batchSize      images per forward pass
 * @param rmsePercent    mean over pairs of repeats of the RMSE of one against the other, in percent
 * @param maxRmsePercent the worst pair's RMSE
 * @param kendallTau     mean over pairs of repeats of Kendall's tau between them
 * @param minKendallTau  the worst pair's tau
 * @param spearmanRho    mean over pairs of Spearman's rho
 * @param minSpearmanRho the worst pair's rho
 * @param meanCvPercent  mean over subnets of the coefficient of variation of their repeats, in percent
 * @param latenciesMs    each repeat's latencies, in subnet order
 */
public record NoiseFloor(int architectures, int repeats, int batchSize, double rmsePercent, double maxRmsePercent,
                         double kendallTau, double minKendallTau, double spearmanRho, double minSpearmanRho,
                         double meanCvPercent, List<List<Double>> latenciesMs) {

    public NoiseFloor {
        latenciesMs = latenciesMs.stream().map(List::copyOf).toList();
    }

    /**
     * Measures every subnet once per repeat. Whether a repeat rebuilds a network depends on the
     * meter's cache: with more subnets than it keeps, every repeat builds afresh.
     *
     * @throws InvalidInputException when there are fewer than two subnets or two repeats
     */
    public static NoiseFloor measure(Meter meter, List<Architecture> archs, int repeats, int batchSize,
                                     MeasureProgress progress) {
        if (archs.size() < 2 || repeats < 2) {
            throw new InvalidInputException("sample", "a noise floor needs at least two subnets and two repeats; got "
                    + archs.size() + " and " + repeats);
        }
        double[][] ms = new double[repeats][archs.size()];
        int done = 0;
        for (int k = 0; k < repeats; k++) {
            for (int i = 0; i < archs.size(); i++) {
                Measurement m = meter.measure(archs.get(i), batchSize);
                ms[k][i] = m.medianMs();
                progress.measured(++done, repeats * archs.size(), m);
            }
        }
        return of(ms, batchSize);
    }

    /** The floor of latencies already measured: {@code ms[repeat][subnet]}. */
    static NoiseFloor of(double[][] ms, int batchSize) {
        int repeats = ms.length;
        int n = ms[0].length;
        double rmseSum = 0;
        double rmseMax = 0;
        double tauSum = 0;
        double tauMin = Double.POSITIVE_INFINITY;
        double rhoSum = 0;
        double rhoMin = Double.POSITIVE_INFINITY;
        int pairs = 0;
        for (int a = 0; a < repeats; a++) {
            for (int b = a + 1; b < repeats; b++) {
                double rmse = Statistics.rmsePercent(ms[a], ms[b]);
                double tau = RankCorrelation.kendallTau(ms[a], ms[b]);
                double rho = RankCorrelation.spearmanRho(ms[a], ms[b]);
                rmseSum += rmse;
                rmseMax = Math.max(rmseMax, rmse);
                tauSum += tau;
                tauMin = Math.min(tauMin, tau);
                rhoSum += rho;
                rhoMin = Math.min(rhoMin, rho);
                pairs++;
            }
        }
        double cvSum = 0;
        for (int i = 0; i < n; i++) {
            double[] column = new double[repeats];
            for (int k = 0; k < repeats; k++) {
                column[k] = ms[k][i];
            }
            cvSum += Statistics.std(column) / Statistics.mean(column);
        }
        List<List<Double>> latencies = new ArrayList<>();
        for (double[] repeat : ms) {
            latencies.add(java.util.Arrays.stream(repeat).boxed().toList());
        }
        return new NoiseFloor(n, repeats, batchSize, rmseSum / pairs, rmseMax, tauSum / pairs, tauMin,
                rhoSum / pairs, rhoMin, 100 * cvSum / n, latencies);
    }

    /** A line for a person. */
    public String summary() {
        return String.format("noise floor over %d subnets x %d repeats (batch %d): RMSE %.1f%% (worst pair %.1f%%), "
                        + "Kendall tau %.3f (worst %.3f), Spearman rho %.3f (worst %.3f), mean CV %.1f%%",
                architectures, repeats, batchSize, rmsePercent, maxRmsePercent, kendallTau, minKendallTau,
                spearmanRho, minSpearmanRho, meanCvPercent);
    }
}
