package io.latnas.space;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArchitectureTest {

    private static int[] filled(int n, int v) {
        int[] a = new int[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    @Test
    void specsDifferingOnlyInInactiveSlotsAreEqual() {
        int[] d = {2, 3, 4, 2, 2};
        int[] ks1 = filled(20, 3);
        int[] ks2 = filled(20, 3);
        ks2[2] = 7; // stage 0 has depth 2, so slot 2 is inactive
        ks2[19] = 5; // stage 4 has depth 2
        Architecture a = Architecture.of(ks1, filled(20, 4), d, 176);
        Architecture b = Architecture.of(ks2, filled(20, 4), d, 176);
        assertThat(a).isEqualTo(b);
        assertThat(a.hashCode()).isEqualTo(b.hashCode());
        assertThat(a.kernelSize(2)).isZero();
        assertThat(a.isActive(1)).isTrue();
        assertThat(a.isActive(2)).isFalse();
        assertThat(a.activeLayers()).isEqualTo(13);
    }

    @Test
    void activeSlotsMakeADifference() {
        int[] d = {4, 4, 4, 4, 4};
        int[] ks = filled(20, 3);
        Architecture a = Architecture.of(ks, filled(20, 4), d, 176);
        ks[5] = 5;
        Architecture b = Architecture.of(ks, filled(20, 4), d, 176);
        assertThat(a).isNotEqualTo(b);
        assertThat(a).isNotEqualTo(a.withResolution(180));
    }

    @Test
    void isImmutableAgainstCallerArrays() {
        int[] ks = filled(20, 3);
        Architecture a = Architecture.of(ks, filled(20, 4), filled(5, 4), 176);
        ks[0] = 7;
        a.kernelSizes()[1] = 7;
        assertThat(a.kernelSize(0)).isEqualTo(3);
        assertThat(a.kernelSize(1)).isEqualTo(3);
    }

    @Test
    void rejectsWrongListLengthsNamingTheField() {
        assertThatThrownBy(() -> Architecture.of(filled(19, 3), filled(20, 4), filled(5, 4), 176))
                .isInstanceOf(InvalidArchitectureException.class)
                .hasMessage("ks has 19 entries; it needs 20");
        assertThatThrownBy(() -> Architecture.of(filled(20, 3), filled(20, 4), filled(4, 4), 176))
                .hasMessage("d has 4 entries; it needs 5");
    }

    @Test
    void rejectsDepthOutsideTheNetwork() {
        int[] d = {2, 5, 2, 2, 2};
        assertThatThrownBy(() -> Architecture.of(filled(20, 3), filled(20, 4), d, 176))
                .hasMessage("d[1]=5 is outside 1..4");
    }

    @Test
    void printsTheHelpOfaCsvForm() {
        Architecture a = Architecture.of(filled(20, 3), filled(20, 6), new int[] {2, 2, 2, 2, 2}, 128);
        assertThat(a.toString()).isEqualTo(
                "ks=3-3-0-0-3-3-0-0-3-3-0-0-3-3-0-0-3-3-0-0,e=6-6-0-0-6-6-0-0-6-6-0-0-6-6-0-0-6-6-0-0,d=2-2-2-2-2,r=128");
    }
}
