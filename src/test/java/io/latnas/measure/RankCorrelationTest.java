package io.latnas.measure;

import io.latnas.common.InvalidInputException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class RankCorrelationTest {

    @Test
    void sameOrderIsOneAndReverseIsMinusOne() {
        double[] a = {1, 2, 3, 4, 5};
        assertThat(RankCorrelation.kendallTau(a, new double[] {10, 20, 30, 40, 50})).isEqualTo(1.0);
        assertThat(RankCorrelation.spearmanRho(a, new double[] {1, 4, 9, 16, 25})).isCloseTo(1.0, within(1e-12));
        assertThat(RankCorrelation.kendallTau(a, new double[] {5, 4, 3, 2, 1})).isEqualTo(-1.0);
        assertThat(RankCorrelation.spearmanRho(a, new double[] {5, 4, 3, 2, 1})).isCloseTo(-1.0, within(1e-12));
    }

    @Test
    void oneSwappedPairOfThree() {
        double[] a = {1, 2, 3};
        double[] b = {1, 3, 2};
        // two concordant pairs, one discordant; rank differences 0, 1, -1
        assertThat(RankCorrelation.kendallTau(a, b)).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(RankCorrelation.spearmanRho(a, b)).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void tiesCountAsTauBAndShareTheirAverageRank() {
        double[] a = {1, 1, 2};
        double[] b = {1, 2, 3};
        assertThat(RankCorrelation.kendallTau(a, b)).isCloseTo(2 / Math.sqrt(6), within(1e-12));
        assertThat(RankCorrelation.ranks(a)).containsExactly(1.5, 1.5, 3.0);
        assertThat(RankCorrelation.spearmanRho(a, b)).isCloseTo(1.5 / Math.sqrt(3), within(1e-12));
        assertThat(RankCorrelation.kendallTau(new double[] {2, 2, 2}, b)).isZero();
    }

    @Test
    void rejectsListsOfUnequalLengthOrFewerThanTwoPoints() {
        assertThatThrownBy(() -> RankCorrelation.kendallTau(new double[] {1, 2}, new double[] {1}))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("equal length");
        assertThatThrownBy(() -> RankCorrelation.spearmanRho(new double[] {1}, new double[] {1}))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("at least two points");
    }
}
