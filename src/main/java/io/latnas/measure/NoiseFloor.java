package io.latnas.measure;

import io.latnas.common.InvalidInputException;
import io.latnas.space.Architecture;

import java.util.Arrays;
import java.util.List;

/**
 * How well this machine agrees with itself: the same subnets measured {@code repeats} times, each
 * repeat a pass over all of them (so drift between passes shows), and every pair of repeats compared
 * as a predictor is compared with measurements. No predictor can be scored better than this floor.
 * The same figures are given for the median CPU time per run, which other work on the machine
 * disturbs less than wall time.
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
 * @param cpuRmsePercent {@code rmsePercent} of the median CPU times
 * @param cpuKendallTau  {@code kendallTau} of the median CPU times
 * @param cpuSpearmanRho {@code spearmanRho} of the median CPU times
 * @param latenciesMs    each repeat's latencies, in subnet order
 * @param cpuMs          each repeat's median CPU times per run, in subnet order
 */
public record NoiseFloor(int architectures, int repeats, int batchSize, double rmsePercent, double maxRmsePercent,
                         double kendallTau, double minKendallTau, double spearmanRho, double minSpearmanRho,
                         double meanCvPercent, double cpuRmsePercent, double cpuKendallTau, double cpuSpearmanRho,
                         List<List<Double>> latenciesMs, List<List<Double>> cpuMs) {

    public NoiseFloor {
        latenciesMs = latenciesMs.stream().map(List::copyOf).toList();
        cpuMs = cpuMs.stream().map(List::copyOf).toList();
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
        double[][] wall = new double[repeats][archs.size()];
        double[][] cpu = new double[repeats][archs.size()];
        int done = 0;
        for (int k = 0; k < repeats; k++) {
            for (int i = 0; i < archs.size(); i++) {
                Measurement m = meter.measure(archs.get(i), batchSize);
                wall[k][i] = m.medianMs();
                cpu[k][i] = m.medianCpuMs();
                progress.measured(++done, repeats * archs.size(), m);
            }
        }
        return of(wall, cpu, batchSize);
    }

    /** The floor of latencies already measured: {@code wall[repeat][subnet]}, and CPU times alike. */
    static NoiseFloor of(double[][] wall, double[][] cpu, int batchSize) {
        Agreement w = Agreement.of(wall);
        Agreement c = Agreement.of(cpu);
        return new NoiseFloor(wall[0].length, wall.length, batchSize, w.rmseMean, w.rmseMax, w.tauMean, w.tauMin,
                w.rhoMean, w.rhoMin, w.cvPercent, c.rmseMean, c.tauMean, c.rhoMean, rows(wall), rows(cpu));
    }

    private static List<List<Double>> rows(double[][] ms) {
        return Arrays.stream(ms).map(r -> Arrays.stream(r).boxed().toList()).toList();
    }

    /** Pairwise agreement of the rows of {@code ms[repeat][subnet]}. */
    private record Agreement(double rmseMean, double rmseMax, double tauMean, double tauMin, double rhoMean,
                             double rhoMin, double cvPercent) {

        static Agreement of(double[][] ms) {
            double rmseSum = 0;
            double rmseMax = 0;
            double tauSum = 0;
            double tauMin = Double.POSITIVE_INFINITY;
            double rhoSum = 0;
            double rhoMin = Double.POSITIVE_INFINITY;
            int pairs = 0;
            for (int a = 0; a < ms.length; a++) {
                for (int b = a + 1; b < ms.length; b++) {
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
            int n = ms[0].length;
            double cvSum = 0;
            for (int i = 0; i < n; i++) {
                double[] column = new double[ms.length];
                for (int k = 0; k < ms.length; k++) {
                    column[k] = ms[k][i];
                }
                cvSum += Statistics.std(column) / Statistics.mean(column);
            }
            return new Agreement(rmseSum / pairs, rmseMax, tauSum / pairs, tauMin, rhoSum / pairs, rhoMin,
                    100 * cvSum / n);
        }
    }

    /** Two lines for a person: wall time, then CPU time. */
    public String summary() {
        return String.format("noise floor over %d subnets x %d repeats (batch %d): RMSE %.1f%% (worst pair %.1f%%), "
                        + "Kendall tau %.3f (worst %.3f), Spearman rho %.3f (worst %.3f), mean CV %.1f%%%n"
                        + "  on CPU time per run: RMSE %.1f%%, Kendall tau %.3f, Spearman rho %.3f",
                architectures, repeats, batchSize, rmsePercent, maxRmsePercent, kendallTau, minKendallTau,
                spearmanRho, minSpearmanRho, meanCvPercent, cpuRmsePercent, cpuKendallTau, cpuSpearmanRho);
    }
}
