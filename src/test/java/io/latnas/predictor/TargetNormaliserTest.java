package io.latnas.predictor;

import io.latnas.common.InvalidInputException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class TargetNormaliserTest {

    private static final double[] MS = {10, 20, 30, 40};

    @Test
    void standardisesToZeroMeanAndUnitDeviation() {
        TargetNormaliser n = TargetNormaliser.fit(TargetNormaliser.Scale.STANDARD, MS);
        assertThat(n.mean()).isEqualTo(25.0);
        assertThat(n.deviation()).isCloseTo(Math.sqrt(125), within(1e-12));
        double sum = 0;
        double squares = 0;
        for (double ms : MS) {
            sum += n.normalise(ms);
            squares += n.normalise(ms) * n.normalise(ms);
        }
        assertThat(sum).isCloseTo(0, within(1e-12));
        assertThat(squares / MS.length).isCloseTo(1, within(1e-12));
    }

    @Test
    void logScaleStandardisesTheLogarithm() {
        TargetNormaliser n = TargetNormaliser.fit(TargetNormaliser.Scale.LOG_STANDARD, new double[] {1, Math.E * Math.E});
        assertThat(n.mean()).isCloseTo(1.0, within(1e-12));
        assertThat(n.deviation()).isCloseTo(1.0, within(1e-12));
        assertThat(n.normalise(Math.E * Math.E)).isCloseTo(1.0, within(1e-12));
        // Any network output maps to a positive latency.
        assertThat(n.denormalise(-50)).isPositive();
    }

    @Test
    void denormaliseInvertsNormalise() {
        for (TargetNormaliser.Scale scale : TargetNormaliser.Scale.values()) {
            TargetNormaliser n = TargetNormaliser.fit(scale, MS);
            for (double ms : new double[] {3.5, 12, 47.25}) {
                assertThat(n.denormalise(n.normalise(ms))).as(scale.name()).isCloseTo(ms, within(1e-9));
            }
        }
    }

    @Test
    void constantLatenciesDoNotDivideByZero() {
        TargetNormaliser n = TargetNormaliser.fit(TargetNormaliser.Scale.STANDARD, new double[] {5, 5, 5});
        assertThat(n.normalise(5)).isZero();
        assertThat(n.denormalise(0)).isEqualTo(5.0);
    }

    @Test
    void logScaleRejectsLatenciesThatAreNotPositive() {
        assertThatThrownBy(() -> TargetNormaliser.fit(TargetNormaliser.Scale.LOG_STANDARD, new double[] {1, 0}))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("must be positive");
    }
}
