package io.latnas.tune;

import io.latnas.common.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HyperParameterGridTest {

    private static final HyperParameterGrid DEFAULTS =
            new HyperParameterGrid(List.of(0.1, 0.01), List.of(1e-4), List.of(0.9));

    @Test
    void enumeratesEveryCombinationLearningRateOutermost() {
        HyperParameterGrid g = new HyperParameterGrid(List.of(0.1, 0.01), List.of(1e-3, 1e-4), List.of(0.8, 0.9));
        List<GridPoint> points = g.points();
        assertThat(points).hasSize(8);
        assertThat(points.get(0)).isEqualTo(new GridPoint(0, 0.1, 1e-3, 0.8));
        assertThat(points.get(1)).isEqualTo(new GridPoint(1, 0.1, 1e-3, 0.9));
        assertThat(points.get(7)).isEqualTo(new GridPoint(7, 0.01, 1e-4, 0.9));
    }

    @Test
    void parsesAxesAndKeepsDefaultsForMissingOnes() {
        HyperParameterGrid g = HyperParameterGrid.parse("lr=0.3,0.03; m=0.5,0.95", DEFAULTS);
        assertThat(g.learningRates()).containsExactly(0.3, 0.03);
        assertThat(g.weightDecays()).containsExactly(1e-4);
        assertThat(g.momenta()).containsExactly(0.5, 0.95);
        assertThat(g.size()).isEqualTo(4);
    }

    @Test
    void rejectsUnknownAxesAndNonNumbers() {
        assertThatThrownBy(() -> HyperParameterGrid.parse("beta=0.1", DEFAULTS))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("beta");
        assertThatThrownBy(() -> HyperParameterGrid.parse("lr=fast", DEFAULTS))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("fast");
    }

    @Test
    void spreadPicksEvenlySpacedConfigurations() {
        HyperParameterGrid g = new HyperParameterGrid(List.of(1.0, 2.0, 3.0, 4.0), List.of(0.0, 1.0, 2.0),
                List.of(0.0, 0.5, 0.9));
        assertThat(g.spread(4)).extracting(GridPoint::index).containsExactly(0, 9, 18, 27);
        assertThat(g.spread(100)).hasSize(36);
    }
}
