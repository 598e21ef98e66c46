package io.latnas.space;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArchitectureCodecTest {

    private static final String HELP_OFA_ROW_0_KS = "7-5-0-0-7-7-0-0-5-7-0-0-5-3-0-0-5-3-5-0";
    private static final String HELP_OFA_ROW_0_E = "6-4-0-0-6-3-0-0-3-6-0-0-3-6-0-0-6-4-3-0";

    @Test
    void readsTheHelpOfaCsvForm() {
        Architecture a = ArchitectureCodec.fromCsvFields(HELP_OFA_ROW_0_KS, HELP_OFA_ROW_0_E, "2-2-2-2-3", "204",
                SearchSpaces.OFA_W10);
        assertThat(a.depth(4)).isEqualTo(3);
        assertThat(a.kernelSize(16)).isEqualTo(5);
        assertThat(a.expandRatio(18)).isEqualTo(3);
        assertThat(a.resolution()).isEqualTo(204);
        assertThat(ArchitectureCodec.toCsvFields(a))
                .containsExactly(HELP_OFA_ROW_0_KS, HELP_OFA_ROW_0_E, "2-2-2-2-3", "204");
    }

    @Test
    void jsonRoundTripsForEverySpace() {
        SplittableRandom rng = new SplittableRandom(1);
        for (SearchSpace space : SearchSpaces.all()) {
            for (int i = 0; i < 100; i++) {
                Architecture a = space.sample(rng);
                assertThat(ArchitectureCodec.fromJson(ArchitectureCodec.toJson(a), space)).isEqualTo(a);
                String[] csv = ArchitectureCodec.toCsvFields(a);
                assertThat(ArchitectureCodec.fromCsvFields(csv[0], csv[1], csv[2], csv[3], space)).isEqualTo(a);
            }
        }
    }

    @Test
    void acceptsResolutionAsNumberOrOneElementListAndOfasWidField() {
        String lists = "\"ks\":[3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3],\"e\":[3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3],"
                + "\"d\":[2,2,2,2,2]";
        Architecture a = ArchitectureCodec.fromJson("{" + lists + ",\"r\":160}", SearchSpaces.OFA_W10);
        Architecture b = ArchitectureCodec.fromJson("{\"wid\":null," + lists + ",\"r\":[160]}", SearchSpaces.OFA_W10);
        assertThat(a).isEqualTo(b);
        assertThat(ArchitectureCodec.toJson(a)).isEqualTo("{" + lists.replace("3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3",
                "3,3,0,0,3,3,0,0,3,3,0,0,3,3,0,0,3,3,0,0") + ",\"r\":[160]}");
    }

    @Test
    void malformedJsonIsNamed() {
        assertThatThrownBy(() -> ArchitectureCodec.fromJson("{\"ks\": [3,", SearchSpaces.OFA_W10))
                .isInstanceOf(InvalidArchitectureException.class)
                .hasMessageStartingWith("malformed architecture JSON");
        assertThatThrownBy(() -> ArchitectureCodec.fromJson("[1,2]", SearchSpaces.OFA_W10))
                .hasMessageContaining("must be a JSON object");
        assertThatThrownBy(() -> ArchitectureCodec.fromJson("{\"e\":[],\"d\":[],\"r\":1}", SearchSpaces.OFA_W10))
                .hasMessage("architecture JSON lacks 'ks'");
        assertThatThrownBy(() -> ArchitectureCodec.fromJson("{\"ks\":\"3\",\"e\":[],\"d\":[],\"r\":1}", SearchSpaces.OFA_W10))
                .hasMessageStartingWith("ks must be a list of integers");
        assertThatThrownBy(() -> ArchitectureCodec.fromJson("{\"ks\":[3,\"x\"],\"e\":[],\"d\":[],\"r\":1}", SearchSpaces.OFA_W10))
                .hasMessage("ks[1] must be an integer; got \"x\"");
        assertThatThrownBy(() -> ArchitectureCodec.fromJson("{\"kz\":[3]}", SearchSpaces.OFA_W10))
                .hasMessage("unknown field 'kz' in architecture JSON; expected ks, e, d and r");
    }

    @Test
    void malformedCsvFieldsAreNamed() {
        assertThatThrownBy(() -> ArchitectureCodec.fromCsvFields("3-x", HELP_OFA_ROW_0_E, "2-2-2-2-3", "204",
                SearchSpaces.OFA_W10))
                .hasMessage("ks[1]='x' is not an integer (in '3-x')");
        assertThatThrownBy(() -> ArchitectureCodec.fromCsvFields(HELP_OFA_ROW_0_KS, HELP_OFA_ROW_0_E, "2-2-2-2-3", "20a",
                SearchSpaces.OFA_W10))
                .hasMessage("r='20a' is not an integer");
    }
}
