package io.latnas.search;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.latnas.common.InvalidInputException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SearchSettingsTest {

    private static Config shipped() {
        return ConfigFactory.parseResources("search.conf").atPath(SearchSettings.CONFIG_PATH);
    }

    private static Config shippedWith(String override) {
        return ConfigFactory.parseString(override).atPath(SearchSettings.CONFIG_PATH).withFallback(shipped());
    }

    @Test
    void shippedFileHoldsOfaEvolutionFinderDefaults() {
        SearchSettings settings = SearchSettings.fromConfig(shipped());
        assertThat(settings).isEqualTo(SearchSettings.OFA_DEFAULTS);
        assertThat(settings.population()).isEqualTo(100);
        assertThat(settings.generations()).isEqualTo(500);
        assertThat(settings.parentCount()).isEqualTo(25);
        assertThat(settings.mutationCount()).isEqualTo(50);
    }

    @Test
    void roundsParentAndMutationCountsAsOfaDoes() {
        SearchSettings settings = SearchSettings.OFA_DEFAULTS.withBudget(22, 3);
        assertThat(settings.parentCount()).isEqualTo(6);   // round(5.5)
        assertThat(settings.mutationCount()).isEqualTo(11);
    }

    @Test
    void rejectsParentRatioOutsideUnitInterval() {
        assertThatThrownBy(() -> SearchSettings.fromConfig(shippedWith("parent-ratio = 1.5")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("latnas.search.parent-ratio must be in (0, 1], got 1.5");
    }

    @Test
    void rejectsNegativeResampleAttempts() {
        assertThatThrownBy(() -> SearchSettings.fromConfig(shippedWith("max-resample-attempts = -1")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("latnas.search.max-resample-attempts must be zero or positive, got -1");
    }

    @Test
    void rejectsPopulationThatLeavesNoParent() {
        assertThatThrownBy(() -> SearchSettings.fromConfig(shippedWith("population = 2, parent-ratio = 0.1")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("latnas.search.parent-ratio 0.1 of a population of 2 leaves no parent");
    }

    @Test
    void rejectsMisspeltSetting() {
        assertThatThrownBy(() -> SearchSettings.fromConfig(shippedWith("generation = 5")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("unknown setting latnas.search.generation;");
    }

    @Test
    void namesMissingSetting() {
        Config withoutSeed = shipped().withoutPath(SearchSettings.CONFIG_PATH + ".seed");
        assertThatThrownBy(() -> SearchSettings.fromConfig(withoutSeed))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("latnas.search.seed is missing");
    }

    @Test
    void namesMistypedSetting() {
        assertThatThrownBy(() -> SearchSettings.fromConfig(shippedWith("population = lots")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("population");
    }

    @Test
    void saysWhereTheBlockBelongsWhenItIsAbsent() {
        assertThatThrownBy(() -> SearchSettings.fromConfig(ConfigFactory.empty()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("is search.conf included under latnas.search?");
    }
}
