package io.latnas.experiment;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.latnas.common.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NasExperimentSettingsTest {

    private static Config shipped() {
        return ConfigFactory.load();
    }

    @Test
    void readsThePapersBudgetAndNote10Constraints() {
        NasExperimentSettings settings = NasExperimentSettings.fromConfig(shipped());
        assertThat(settings.population()).isEqualTo(100);
        assertThat(settings.generations()).isEqualTo(500);
        assertThat(settings.constraintsMs()).containsEntry("note10", List.of(15.0, 20.0, 25.0, 30.0, 35.0));
    }

    @Test
    void namesTheKeyOfABadSetting() {
        Config bad = ConfigFactory.parseString("latnas.experiment.nas.constraint-quantiles = [0.5, 1.5]")
                .withFallback(shipped());
        assertThatThrownBy(() -> NasExperimentSettings.fromConfig(bad)).isInstanceOf(InvalidInputException.class)
                .hasMessage("latnas.experiment.nas.constraint-quantiles must be in (0, 1); got 1.5");
        Config negative = ConfigFactory.parseString("latnas.experiment.nas.constraints-ms.note10 = [15, -2]")
                .withFallback(shipped());
        assertThatThrownBy(() -> NasExperimentSettings.fromConfig(negative))
                .hasMessageContaining("constraints-ms.note10: latency constraint -2.0 ms must be a positive number");
    }
}
