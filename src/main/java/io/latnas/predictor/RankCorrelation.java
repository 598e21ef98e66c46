package io.latnas.predictor;

import java.util.Arrays;

/**
 * Rank correlations between measured and predicted latencies: Kendall's tau-b in O(n log n)
 * (Knight's merge-sort algorithm, as in SciPy's {@code kendalltau}) and Spearman's rho with
 * average ranks for ties. Both return NaN when either side is constant.
 */
public final class RankCorrelation {

    private RankCorrelation() {
    }

    /** Kendall's tau-b, which corrects for ties on either side. */
    public static double kendallTauB(double[] x, double[] y) {
        checkPaired(x, y);
        int n = x.length;
        if (n < 2) {
            return Double.NaN;
        }
        Integer[] boxed = new Integer[n];
        for (int i = 0; i < n; i++) {
            boxed[i] = i;
        }
        Arrays.sort(boxed, (a, b) -> {
            int c = Double.compare(x[a], x[b]);
            return c != 0 ? c : Double.compare(y[a], y[b]);
        });
        long totalPairs = (long) n * (n - 1) / 2;
        long tiedX = 0;
        long tiedXY = 0;
        long runX = 1;
        long runXY = 1;
        for (int i = 1; i < n; i++) {
            int prev = boxed[i - 1];
            int cur = boxed[i];
            if (x[cur] == x[prev]) {
                runX++;
                if (y[cur] == y[prev]) {
                    runXY++;
                } else {
                    tiedXY += pairs(runXY);
                    runXY = 1;
                }
            } else {
                tiedX += pairs(runX);
                tiedXY += pairs(runXY);
                runX = 1;
                runXY = 1;
            }
        }
        tiedX += pairs(runX);
        tiedXY += pairs(runXY);

        // y in x order; sorting it by merge sort counts the discordant pairs as swaps.
        double[] ys = new double[n];
        for (int i = 0; i < n; i++) {
            ys[i] = y[boxed[i]];
        }
        long swaps = mergeSortCountingSwaps(ys, new double[n], 0, n);

        long tiedY = 0;
        long runY = 1;
        for (int i = 1; i < n; i++) {
            if (ys[i] == ys[i - 1]) {
                runY++;
            } else {
                tiedY += pairs(runY);
                runY = 1;
            }
        }
        tiedY += pairs(runY);

        double denominator = Math.sqrt((double) (totalPairs - tiedX) * (double) (totalPairs - tiedY));
        if (denominator == 0) {
            return Double.NaN;
        }
        double numerator = (double) (totalPairs - tiedX - tiedY + tiedXY) - 2.0 * swaps;
        return numerator / denominator;
    }

    /** Spearman's rho: Pearson's correlation of the average ranks. */
    public static double spearmanRho(double[] x, double[] y) {
        checkPaired(x, y);
        if (x.length < 2) {
            return Double.NaN;
        }
        return pearson(averageRanks(x), averageRanks(y));
    }

    /** Ranks 1..n, tied values sharing the mean of the ranks they span. */
    static double[] averageRanks(double[] values) {
        int n = values.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
        double[] ranks = new double[n];
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && values[order[j + 1]] == values[order[i]]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1.0;
            for (int k = i; k <= j; k++) {
                ranks[order[k]] = rank;
            }
            i = j + 1;
        }
        return ranks;
    }

    private static double pearson(double[] a, double[] b) {
        int n = a.length;
        double meanA = 0;
        double meanB = 0;
        for (int i = 0; i < n; i++) {
            meanA += a[i];
            meanB += b[i];
        }
        meanA /= n;
        meanB /= n;
        double cov = 0;
        double varA = 0;
        double varB = 0;
        for (int i = 0; i < n; i++) {
            double da = a[i] - meanA;
            double db = b[i] - meanB;
            cov += da * db;
            varA += da * da;
            varB += db * db;
        }
        if (varA == 0 || varB == 0) {
            return Double.NaN;
        }
        return cov / Math.sqrt(varA * varB);
    }

    private static long pairs(long run) {
        return run * (run - 1) / 2;
    }

    /** Sorts {@code a[from, to)} ascending and returns how many inversions it removed. */
    private static long mergeSortCountingSwaps(double[] a, double[] scratch, int from, int to) {
        if (to - from < 2) {
            return 0;
        }
        int mid = (from + to) >>> 1;
        long swaps = mergeSortCountingSwaps(a, scratch, from, mid) + mergeSortCountingSwaps(a, scratch, mid, to);
        int i = from;
        int j = mid;
        int k = from;
        while (i < mid && j < to) {
            // Equal values are not an inversion: take from the left first.
            if (a[i] <= a[j]) {
                scratch[k++] = a[i++];
            } else {
                scratch[k++] = a[j++];
                swaps += mid - i;
            }
        }
        while (i < mid) {
            scratch[k++] = a[i++];
        }
        while (j < to) {
            scratch[k++] = a[j++];
        }
        System.arraycopy(scratch, from, a, from, to - from);
        return swaps;
    }

    private static void checkPaired(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("paired samples differ in length: " + x.length + " vs " + y.length);
        }
    }
}
