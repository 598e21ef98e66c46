package io.latnas.dataset;

import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class HardwareAliasesTest {

    @Test
    void mapsHelpOfaPrefixesAndPassesOthersThrough() {
        assertThat(HardwareAliases.HELP_OFA.hardwareId("2080ti")).isEqualTo("rtx2080ti");
        assertThat(HardwareAliases.HELP_OFA.hardwareId("titan_xp")).isEqualTo("titanxp");
        assertThat(HardwareAliases.HELP_OFA.hardwareId("rtx2080ti")).isEqualTo("rtx2080ti");
    }

    @Test
    void readsTheAliasesFromConfiguration() {
        assertThat(HardwareAliases.fromConfig(ConfigFactory.load()).asMap())
                .isEqualTo(HardwareAliases.HELP_OFA.asMap());
        assertThat(HardwareAliases.fromConfig(ConfigFactory.parseMap(
                Map.of("latnas.dataset.wide-column-aliases.p40", "teslap40"))).hardwareId("p40"))
                .isEqualTo("teslap40");
    }
}
