package io.latnas.predictor;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class EvaluationTest {

    @Test
    void computesEveryMetricOnAHandWorkedExample() {
        // errors 1, -2, 0, 8: squares 1, 4, 0, 64; mean measured 25
        Evaluation e = Evaluation.of(new double[] {10, 20, 30, 40}, new double[] {11, 18, 30, 48});
        assertThat(e.count()).isEqualTo(4);
        assertThat(e.rmseMs()).isCloseTo(Math.sqrt(69.0 / 4), within(1e-12));
        assertThat(e.rmsePercent()).isCloseTo(100 * Math.sqrt(69.0 / 4) / 25, within(1e-12));
        assertThat(e.maeMs()).isCloseTo(11.0 / 4, within(1e-12));
        // within 5%: only the exact one; within 10%: 1 of 10 and 2 of 20 sit exactly on the bound
        assertThat(e.within5Percent()).isEqualTo(0.25);
        assertThat(e.within10Percent()).isEqualTo(0.75);
        assertThat(e.kendallTau()).isEqualTo(1.0);
        assertThat(e.spearmanRho()).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void rankCorrelationsHandleTiesOnBothSides() {
        // pairs: 3 concordant, 1 discordant, one tied in x only, one tied in y only
        // tau-b = (3 - 1) / sqrt((6 - 1) * (6 - 1)) = 0.4
        double[] x = {1, 2, 2, 3};
        double[] y = {1, 3, 2, 2};
        assertThat(RankCorrelation.kendallTauB(x, y)).isCloseTo(0.4, within(1e-12));
        // average ranks x = 1, 2.5, 2.5, 4 and y = 1, 4, 2.5, 2.5: cov 2.25 / var 4.5
        assertThat(RankCorrelation.spearmanRho(x, y)).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void tiesInBothCoordinatesAtOnceCountOnce() {
        // (2,5) appears twice: a pair tied in x and y, excluded from both denominators' ties correction
        double[] x = {1, 2, 2, 3};
        double[] y = {4, 5, 5, 6};
        assertThat(RankCorrelation.kendallTauB(x, y)).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void kendallMatchesTheQuadraticDefinitionOnTiedData() {
        SplittableRandom rng = new SplittableRandom(3);
        for (int trial = 0; trial < 20; trial++) {
            int n = 2 + rng.nextInt(300);
            double[] x = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = rng.nextInt(12);
                y[i] = x[i] + rng.nextInt(6);
            }
            double expected = bruteForceTauB(x, y);
            double actual = RankCorrelation.kendallTauB(x, y);
            if (Double.isNaN(expected)) {
                assertThat(actual).isNaN();
            } else {
                assertThat(actual).isCloseTo(expected, within(1e-12));
            }
        }
    }

    @Test
    void reversedOrderGivesMinusOne() {
        double[] x = {1, 2, 3, 4, 5};
        double[] y = {9, 7, 5, 3, 1};
        assertThat(RankCorrelation.kendallTauB(x, y)).isEqualTo(-1.0);
        assertThat(RankCorrelation.spearmanRho(x, y)).isCloseTo(-1.0, within(1e-12));
    }

    @Test
    void constantPredictionsHaveNoRankCorrelation() {
        Evaluation e = Evaluation.of(new double[] {1, 2, 3}, new double[] {2, 2, 2});
        assertThat(e.kendallTau()).isNaN();
        assertThat(e.spearmanRho()).isNaN();
        assertThat(e.rmseMs()).isCloseTo(Math.sqrt(2.0 / 3), within(1e-12));
    }

    @Test
    void rejectsEmptyOrUnpairedInput() {
        assertThatThrownBy(() -> Evaluation.of(new double[0], new double[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no predictions");
        assertThatThrownBy(() -> Evaluation.of(new double[] {1}, new double[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("differ in length");
    }

    private static double bruteForceTauB(double[] x, double[] y) {
        long concordant = 0;
        long discordant = 0;
        long tiedXOnly = 0;
        long tiedYOnly = 0;
        for (int i = 0; i < x.length; i++) {
            for (int j = i + 1; j < x.length; j++) {
                double dx = Math.signum(x[i] - x[j]);
                double dy = Math.signum(y[i] - y[j]);
                if (dx == 0 && dy == 0) {
                    continue;
                }
                if (dx == 0) {
                    tiedXOnly++;
                } else if (dy == 0) {
                    tiedYOnly++;
                } else if (dx == dy) {
                    concordant++;
                } else {
                    discordant++;
                }
            }
        }
        double denominator = Math.sqrt((double) (concordant + discordant + tiedXOnly)
                * (concordant + discordant + tiedYOnly));
        return denominator == 0 ? Double.NaN : (concordant - discordant) / denominator;
    }
}
