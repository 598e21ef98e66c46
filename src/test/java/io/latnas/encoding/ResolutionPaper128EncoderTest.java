package io.latnas.encoding;

import io.latnas.space.Architecture;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ResolutionPaper128EncoderTest {

    private final ResolutionPaper128Encoder encoder = new ResolutionPaper128Encoder();

    @Test
    void keepsThePaperVectorAndAppendsTheExactResolutionAndItsSquare() {
        Architecture a = Architecture.uniform(5, 4, 3, 208);
        float[] v = encoder.encode(a, null, 64);
        assertThat(encoder.id()).isEqualTo("paper128+res");
        assertThat(v).hasSize(130);
        assertThat(Arrays.copyOf(v, 128)).isEqualTo(new Paper128Encoder().encode(a, null, 64));
        assertThat(v[128]).isCloseTo(208f / 224f, within(1e-6f));
        assertThat(v[129]).isCloseTo((208f / 224f) * (208f / 224f), within(1e-6f));
    }

    @Test
    void tellsApartResolutionsThePaperBinLumpsTogether() {
        // 192 and 204 share the paper's bin 5 ((r - 112) / 16).
        float[] low = encoder.encode(Architecture.uniform(3, 3, 2, 192), null, 1);
        float[] high = encoder.encode(Architecture.uniform(3, 3, 2, 204), null, 1);
        assertThat(Arrays.copyOf(low, 128)).isEqualTo(Arrays.copyOf(high, 128));
        assertThat(high[128]).isGreaterThan(low[128]);
    }
}
