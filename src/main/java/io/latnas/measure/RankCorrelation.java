package io.latnas.measure;

import io.latnas.common.InvalidInputException;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Rank agreement between two latency lists over the same architectures: how far an ordering by one
 * (a predictor, a lookup table, a repeat) keeps the ordering by the other, which is what a search
 * that ranks candidates by latency depends on. Both handle ties.
 */
public final class RankCorrelation {

    private RankCorrelation() {
    }

    /**
     * Kendall's tau-b: concordant minus discordant pairs, normalised for ties; 1 for the same order,
     * -1 for the reverse, 0 when either list is constant. O(n^2), for the few hundred points measured here.
     *
     * @throws InvalidInputException when the lists differ in length or have fewer than two points
     */
    public static double kendallTau(double[] a, double[] b) {
        check(a, b);
        long concordant = 0;
        long discordant = 0;
        long tiesA = 0;
        long tiesB = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = i + 1; j < a.length; j++) {
                int sa = Double.compare(a[i], a[j]);
                int sb = Double.compare(b[i], b[j]);
                if (sa == 0 && sb == 0) {
                    continue;
                }
                if (sa == 0) {
                    tiesA++;
                } else if (sb == 0) {
                    tiesB++;
                } else if (sa == sb) {
                    concordant++;
                } else {
                    discordant++;
                }
            }
        }
        double denominator = Math.sqrt((double) (concordant + discordant + tiesA)
                * (concordant + discordant + tiesB));
        return denominator == 0 ? 0 : (concordant - discordant) / denominator;
    }

    /**
     * Spearman's rho: Pearson's correlation of the ranks, tied values sharing their average rank;
     * 0 when either list is constant.
     *
     * @throws InvalidInputException when the lists differ in length or have fewer than two points
     */
    public static double spearmanRho(double[] a, double[] b) {
        check(a, b);
        return pearson(ranks(a), ranks(b));
    }

    /** 1-based ranks, ties given the average of the ranks they span. */
    static double[] ranks(double[] values) {
        Integer[] order = IntStream.range(0, values.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> values[i]));
        double[] ranks = new double[values.length];
        int start = 0;
        while (start < order.length) {
            int end = start;
            while (end + 1 < order.length && values[order[end + 1]] == values[order[start]]) {
                end++;
            }
            double rank = (start + end) / 2.0 + 1;
            for (int k = start; k <= end; k++) {
                ranks[order[k]] = rank;
            }
            start = end + 1;
        }
        return ranks;
    }

    private static double pearson(double[] x, double[] y) {
        double mx = Statistics.mean(x);
        double my = Statistics.mean(y);
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxx == 0 || syy == 0 ? 0 : sxy / Math.sqrt(sxx * syy);
    }

    private static void check(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new InvalidInputException("rank correlation needs two lists of equal length; got " + a.length
                    + " and " + b.length);
        }
        if (a.length < 2) {
            throw new InvalidInputException("rank correlation needs at least two points; got " + a.length);
        }
    }
}
