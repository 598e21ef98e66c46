package io.latnas.measure;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class MeasurementTest {

    private static final MeasurementInfo INFO = new MeasurementInfo("local", "cpu", 2, "Linux", "jvm",
            "backend", "OPENBLAS", 1, 1, 1, 1, 2, 5, 1, 7, 0.5);

    @Test
    void latencyIsTheMedianAndSpreadIsQuartilesMadAndRange() {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        Measurement m = Measurement.of("net", new double[] {5, 1, 3, 2, 4}, new double[] {5, 1, 1, 1, 2}, 0.9,
                start, start.plusMillis(20), Duration.ZERO, Duration.ofMillis(20), INFO);
        assertThat(m.medianMs()).isEqualTo(3.0);
        assertThat(m.q1Ms()).isEqualTo(2.0);
        assertThat(m.q3Ms()).isEqualTo(4.0);
        assertThat(m.iqrMs()).isEqualTo(2.0);
        assertThat(m.minMs()).isEqualTo(1.0);
        assertThat(m.maxMs()).isEqualTo(5.0);
        assertThat(m.meanMs()).isEqualTo(3.0);
        assertThat(m.stdMs()).isCloseTo(Math.sqrt(2.5), within(1e-12));
        // deviations from 3 are 2, 2, 0, 1, 1
        assertThat(m.madMs()).isEqualTo(1.0);
        assertThat(m.timedMs()).isEqualTo(15.0);
        assertThat(m.runsMs()).containsExactly(5.0, 1.0, 3.0, 2.0, 4.0);
        assertThat(m.medianCpuMs()).isEqualTo(1.0);
        assertThat(m.cpuPerWall()).isEqualTo(0.9);
        assertThat(m.summary()).isEqualTo("3.00 ms (IQR 2.00, 1.00..5.00, n=5, 1 thread, CPU 1.00 ms/run)");
    }

    @Test
    void medianOfAnEvenCountInterpolates() {
        Instant start = Instant.now();
        Measurement m = Measurement.of("net", new double[] {4, 1, 2, 3}, new double[] {4, 1, 2, 3}, 1.0,
                start, start, Duration.ZERO, Duration.ZERO, INFO);
        assertThat(m.medianMs()).isEqualTo(2.5);
        assertThat(m.q1Ms()).isEqualTo(1.75);
        assertThat(m.q3Ms()).isEqualTo(3.25);
    }
}
