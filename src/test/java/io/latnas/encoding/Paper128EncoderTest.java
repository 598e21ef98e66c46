package io.latnas.encoding;

import io.latnas.space.Architecture;
import io.latnas.space.ArchitectureCodec;
import io.latnas.space.SearchSpaces;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Paper128EncoderTest {

    private final Paper128Encoder encoder = new Paper128Encoder();

    @Test
    void encodesThePapersLayout() {
        Architecture a = ArchitectureCodec.fromCsvFields("7-5-0-0-7-7-0-0-5-7-0-0-5-3-0-0-5-3-5-0",
                "6-4-0-0-6-3-0-0-3-6-0-0-3-6-0-0-6-4-3-0", "2-2-2-2-3", "204", SearchSpaces.OFA_W10);
        float[] v = encoder.encode(a, null, 1);
        assertThat(v).hasSize(128);
        // layer 0: k7 -> index 2, e6 -> index 2
        assertThat(v[2]).isEqualTo(1f);
        assertThat(v[0] + v[1]).isZero();
        assertThat(v[60 + 2]).isEqualTo(1f);
        // layer 1: k5 -> index 1, e4 -> index 1
        assertThat(v[3 + 1]).isEqualTo(1f);
        assertThat(v[60 + 3 + 1]).isEqualTo(1f);
        // layer 2 inactive: all zero
        assertThat(v[6] + v[7] + v[8] + v[66] + v[67] + v[68]).isZero();
        // r=204 -> bin (204-112)/16 = 5
        assertThat(v[120 + 5]).isEqualTo(1f);
        float sum = 0;
        for (float x : v) {
            sum += x;
        }
        assertThat(sum).isEqualTo(2 * a.activeLayers() + 1);
    }

    @Test
    void resolutionBinsFollowThePaper() {
        assertThat(Paper128Encoder.resolutionBin(112)).isZero();
        assertThat(Paper128Encoder.resolutionBin(127)).isZero();
        assertThat(Paper128Encoder.resolutionBin(128)).isEqualTo(1);
        assertThat(Paper128Encoder.resolutionBin(224)).isEqualTo(7);
        assertThat(Paper128Encoder.resolutionBin(240)).isEqualTo(7);
        assertThat(Paper128Encoder.resolutionBin(100)).isZero();
    }

    @Test
    void writesAtAnOffsetWithoutTouchingNeighbours() {
        Architecture a = SearchSpaces.OFA_W10.sample(new SplittableRandom(1));
        float[] dest = new float[300];
        java.util.Arrays.fill(dest, 9f);
        encoder.encode(a, null, 1, dest, 100);
        assertThat(dest[99]).isEqualTo(9f);
        assertThat(dest[228]).isEqualTo(9f);
        float[] alone = encoder.encode(a, null, 1);
        assertThat(java.util.Arrays.copyOfRange(dest, 100, 228)).containsExactly(alone);
    }

    @Test
    void paper131AppendsStandardisedHardwareFeatures() {
        double[] rtx = {4352, 11, 616};
        double[] p40 = {3840, 24, 346};
        HardwareFeatures scaling = HardwareFeatures.fit(List.of(rtx, p40));
        Paper131Encoder enc = new Paper131Encoder(scaling);
        Architecture a = SearchSpaces.OFA_W10.sample(new SplittableRandom(2));
        float[] v1 = enc.encode(a, rtx, 1);
        float[] v2 = enc.encode(a, p40, 1);
        assertThat(v1).hasSize(131);
        // two devices standardise to +1 and -1 on every feature
        assertThat(v1[128]).isEqualTo(1f);
        assertThat(v2[128]).isEqualTo(-1f);
        assertThat(v1[129]).isEqualTo(-1f);
        assertThat(v1[130]).isEqualTo(1f);
        assertThat(java.util.Arrays.copyOf(v1, 128)).containsExactly(encoder.encode(a, null, 1));
        assertThatThrownBy(() -> enc.encode(a, null, 1)).hasMessageContaining("needs the hardware's features");
    }
}
