package io.latnas.measure;

import com.typesafe.config.ConfigFactory;
import io.latnas.common.InvalidInputException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MeterSettingsTest {

    @Test
    void readsTheMeasureBlockOfTheShippedConfiguration() {
        MeterSettings settings = MeterSettings.fromConfig(ConfigFactory.load(), 1.2);
        assertThat(settings).isEqualTo(new MeterSettings("local", 1.2, 1, 2, 5, 2024, 4));
    }

    @Test
    void overridesComeThroughAndAreChecked() {
        var config = ConfigFactory.parseString("latnas.measure { threads = 2, timed-runs = 9 }")
                .withFallback(ConfigFactory.load());
        assertThat(MeterSettings.fromConfig(config, 1.0).threads()).isEqualTo(2);
        assertThat(MeterSettings.fromConfig(config, 1.0).timedRuns()).isEqualTo(9);
        var bad = ConfigFactory.parseString("latnas.measure.threads = 0").withFallback(ConfigFactory.load());
        assertThatThrownBy(() -> MeterSettings.fromConfig(bad, 1.0))
                .isInstanceOf(InvalidInputException.class).hasMessage("threads=0 must be at least 1");
    }
}
