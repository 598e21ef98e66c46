package io.latnas.tune;

import io.latnas.common.InvalidInputException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AshaScheduleTest {

    @Test
    void rungsGrowByEtaFromTheGracePeriodAndEndAtMaxEpochs() {
        assertThat(new AshaSchedule(3, 5, 100).rungEpochs()).containsExactly(5, 15, 45, 100);
        assertThat(new AshaSchedule(2, 1, 8).rungEpochs()).containsExactly(1, 2, 4, 8);
        assertThat(new AshaSchedule(3, 5, 5).rungEpochs()).containsExactly(5);
    }

    @Test
    void rejectsAReductionFactorBelowTwoAndMaxEpochsBelowTheGracePeriod() {
        assertThatThrownBy(() -> new AshaSchedule(1, 5, 100)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new AshaSchedule(3, 10, 5)).isInstanceOf(InvalidInputException.class);
    }
}
