package io.latnas.latency;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.latnas.common.InvalidInputException;
import io.latnas.hardware.HardwareKind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimulationSettingsTest {

    private static Config shipped() {
        return ConfigFactory.parseResources("simulation.conf").atPath(SimulationSettings.CONFIG_PATH);
    }

    private static Config shippedWith(String override) {
        return ConfigFactory.parseString(override).atPath(SimulationSettings.CONFIG_PATH).withFallback(shipped());
    }

    @Test
    void readsTheShippedFile() {
        SimulationSettings settings = SimulationSettings.fromConfig(shipped());
        assertThat(settings.noiseSigma()).isEqualTo(0.02);
        assertThat(settings.forKind(HardwareKind.GPU).overlapDispatch()).isTrue();
        assertThat(settings.forKind(HardwareKind.MOBILE).fusedEpilogue()).isTrue();
        assertThat(settings.forKind(HardwareKind.CPU).threads()).isEqualTo(1);
        assertThat(settings.gpu().architectureEfficiency("Pascal")).isEqualTo(0.5);
        assertThat(settings.gpu().architectureEfficiency("Turing")).isEqualTo(1.0);
    }

    @Test
    void withNoiseKeepsTheDeviceModels() {
        SimulationSettings settings = SimulationSettings.fromConfig(shipped());
        SimulationSettings quiet = settings.withNoise(0, 9);
        assertThat(quiet.noiseSigma()).isZero();
        assertThat(quiet.seed()).isEqualTo(9);
        assertThat(quiet.gpu()).isEqualTo(settings.gpu());
    }

    @Test
    void rejectsEfficiencyAboveOne() {
        assertThatThrownBy(() -> SimulationSettings.fromConfig(shippedWith("gpu.depthwise-efficiency = 1.5")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("latnas.simulation.gpu.depthwise-efficiency must be in (0, 1], got 1.5");
    }

    @Test
    void rejectsNegativeNoise() {
        assertThatThrownBy(() -> SimulationSettings.fromConfig(shippedWith("noise-sigma = -0.1")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("latnas.simulation.noise-sigma must be zero or positive, got -0.1");
    }

    @Test
    void rejectsMisspeltSetting() {
        assertThatThrownBy(() -> SimulationSettings.fromConfig(shippedWith("cpu.thread = 4")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("unknown setting latnas.simulation.cpu.thread;");
    }

    @Test
    void rejectsMissingSetting() {
        Config withoutOverhead = shipped().withoutPath(SimulationSettings.CONFIG_PATH + ".mobile.op-overhead-us");
        assertThatThrownBy(() -> SimulationSettings.fromConfig(withoutOverhead))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("latnas.simulation.mobile.op-overhead-us is missing");
    }

    @Test
    void rejectsMissingBlock() {
        assertThatThrownBy(() -> SimulationSettings.fromConfig(ConfigFactory.parseString("latnas { }")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("latnas.simulation");
    }
}
