package io.latnas.measure;

import io.latnas.common.InvalidInputException;
import io.latnas.space.Architecture;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class NoiseFloorTest {

    @Test
    void identicalRepeatsHaveNoNoise() {
        double[] once = {3, 1, 2, 5};
        NoiseFloor floor = NoiseFloor.of(new double[][] {once, once.clone(), once.clone()},
                new double[][] {once, once, once}, 1);
        assertThat(floor.rmsePercent()).isZero();
        assertThat(floor.kendallTau()).isEqualTo(1.0);
        assertThat(floor.spearmanRho()).isCloseTo(1.0, within(1e-12));
        assertThat(floor.meanCvPercent()).isZero();
        assertThat(floor.architectures()).isEqualTo(4);
        assertThat(floor.repeats()).isEqualTo(3);
    }

    @Test
    void comparesEveryPairOfRepeats() {
        double[][] ms = {{10, 20}, {11, 20}, {10, 22}};
        NoiseFloor floor = NoiseFloor.of(ms, new double[][] {{1, 2}, {1, 2}, {2, 1}}, 1);
        // pairs: (0,1) errors -1/11, 0; (0,2) 0, -2/22; (1,2) 1/10, -2/22
        double p01 = 100 * Math.sqrt((1 / 121.0) / 2);
        double p02 = 100 * Math.sqrt((4 / 484.0) / 2);
        double p12 = 100 * Math.sqrt((0.01 + 4 / 484.0) / 2);
        assertThat(floor.rmsePercent()).isCloseTo((p01 + p02 + p12) / 3, within(1e-9));
        assertThat(floor.maxRmsePercent()).isCloseTo(p12, within(1e-9));
        assertThat(floor.kendallTau()).isEqualTo(1.0);
        assertThat(floor.latenciesMs()).hasSize(3);
        // CPU times: pairs (0,1) agree, (0,2) and (1,2) are reversed
        assertThat(floor.cpuKendallTau()).isCloseTo(-1.0 / 3, within(1e-12));
    }

    @Test
    void measuredFloorIsSane() {
        LocalMeter meter = LocalMeter.create(1.0, 1, 0, 2, 5);
        List<Architecture> archs = List.of(OfaGraphBuilderTest.uniform(3, 3, 2, 64),
                OfaGraphBuilderTest.uniform(5, 4, 2, 64));
        int[] calls = {0};
        NoiseFloor floor = NoiseFloor.measure(meter, archs, 2, 1, (done, total, m) -> calls[0]++);
        assertThat(calls[0]).isEqualTo(4);
        assertThat(floor.latenciesMs()).allSatisfy(repeat -> assertThat(repeat).hasSize(2).allMatch(ms -> ms > 0));
        assertThat(floor.rmsePercent()).isGreaterThanOrEqualTo(0).isFinite();
        assertThat(floor.kendallTau()).isBetween(-1.0, 1.0);
        assertThat(floor.spearmanRho()).isBetween(-1.0, 1.0);
        assertThat(floor.cpuMs()).allSatisfy(repeat -> assertThat(repeat).hasSize(2).allMatch(ms -> ms > 0));
        assertThat(floor.summary()).contains("2 subnets x 2 repeats");
    }

    @Test
    void needsTwoSubnetsAndTwoRepeats() {
        LocalMeter meter = LocalMeter.create(1.0, 1, 0, 1, 5);
        assertThatThrownBy(() -> NoiseFloor.measure(meter, List.of(OfaGraphBuilderTest.uniform(3, 3, 2, 64)), 3, 1,
                MeasureProgress.NONE))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("at least two subnets and two repeats");
    }
}
